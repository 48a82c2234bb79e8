import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import {
  ListGenericCredentialsResponseSchema,
  type ListGenericCredentialsRequest,
  type ListGenericCredentialsResponse,
} from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import type { CredentialsDeps } from "./credentials-deps.js";
import { genericCredentialsMessage } from "./credentials-messages.js";
import { requestedCredentialsPage } from "./credentials-secrets.js";

/** CredentialsService.ListGenericCredentials (docs/api-behaviour.md, CredentialsService): redacted, sorted by name, paged. */
export function listGenericCredentials(deps: CredentialsDeps) {
  return async function listGenericCredentials(request: ListGenericCredentialsRequest, context: HandlerContext): Promise<ListGenericCredentialsResponse> {
    const { scope, items, nextPageToken, totalSize } = await requestedCredentialsPage(deps, "generic", request, context.signal);
    return create(ListGenericCredentialsResponseSchema, { credentials: items.map((s) => genericCredentialsMessage(s, scope)), nextPageToken, totalSize });
  };
}
