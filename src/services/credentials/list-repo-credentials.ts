import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import {
  ListRepoCredentialsResponseSchema,
  type ListRepoCredentialsRequest,
  type ListRepoCredentialsResponse,
} from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { pageOf, resourceScope } from "../common/index.js";
import type { CredentialsDeps } from "./credentials-deps.js";
import { repoCredentialsMessage } from "./credentials-messages.js";
import { listCredentialsSecrets } from "./credentials-secrets.js";

/**
 * CredentialsService.ListRepoCredentials (docs/api-behaviour.md, CredentialsService): git, helm and image
 * credentials of the project (or the shared ones), redacted, sorted by name, paged.
 */
export function listRepoCredentials(deps: CredentialsDeps) {
  return async function listRepoCredentials(request: ListRepoCredentialsRequest, context: HandlerContext): Promise<ListRepoCredentialsResponse> {
    const scope = await resourceScope(deps, request);
    const secrets = await listCredentialsSecrets(deps.kube, "repo", scope, context.signal);
    const { items, nextPageToken, totalSize } = pageOf(secrets, request, { namespace: scope.namespace });
    return create(ListRepoCredentialsResponseSchema, { credentials: items.map((s) => repoCredentialsMessage(s, scope)), nextPageToken, totalSize });
  };
}
