import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import {
  DeleteRepoCredentialsResponseSchema,
  type DeleteRepoCredentialsRequest,
  type DeleteRepoCredentialsResponse,
} from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import type { CredentialsDeps } from "./credentials-deps.js";
import { deleteCredentialsSecret, requestedCredentialsSecret } from "./credentials-secrets.js";

/**
 * CredentialsService.DeleteRepoCredentials (docs/api-behaviour.md, CredentialsService). NOT_FOUND when missing or
 * not repository credentials — another Secret of that name is never deleted through this RPC.
 */
export function deleteRepoCredentials(deps: CredentialsDeps) {
  return async function deleteRepoCredentials(request: DeleteRepoCredentialsRequest, context: HandlerContext): Promise<DeleteRepoCredentialsResponse> {
    const { scope, secret } = await requestedCredentialsSecret(deps, "repo", request, context.signal);
    await deleteCredentialsSecret(deps.kube, "repo", scope, secret, context.signal);
    return create(DeleteRepoCredentialsResponseSchema, {});
  };
}
