import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import {
  ListRepoCredentialsResponseSchema,
  type ListRepoCredentialsRequest,
  type ListRepoCredentialsResponse,
} from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import type { CredentialsDeps } from "./credentials-deps.js";
import { repoCredentialsMessage } from "./credentials-messages.js";
import { requestedCredentialsPage } from "./credentials-secrets.js";

/**
 * CredentialsService.ListRepoCredentials (docs/api-behaviour.md, CredentialsService): git, helm and image
 * credentials of the project (or the shared ones), redacted, sorted by name, paged.
 */
export function listRepoCredentials(deps: CredentialsDeps) {
  return async function listRepoCredentials(request: ListRepoCredentialsRequest, context: HandlerContext): Promise<ListRepoCredentialsResponse> {
    const { scope, items, nextPageToken, totalSize } = await requestedCredentialsPage(deps, "repo", request, context.signal);
    return create(ListRepoCredentialsResponseSchema, { credentials: items.map((s) => repoCredentialsMessage(s, scope)), nextPageToken, totalSize });
  };
}
