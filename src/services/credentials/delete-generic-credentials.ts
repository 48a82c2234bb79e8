import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import {
  DeleteGenericCredentialsResponseSchema,
  type DeleteGenericCredentialsRequest,
  type DeleteGenericCredentialsResponse,
} from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import type { CredentialsDeps } from "./credentials-deps.js";
import { deleteCredentialsSecret, requestedCredentialsSecret } from "./credentials-secrets.js";

/**
 * CredentialsService.DeleteGenericCredentials (docs/api-behaviour.md, CredentialsService). NOT_FOUND when missing or
 * not generic credentials — another Secret of that name is never deleted through this RPC.
 */
export function deleteGenericCredentials(deps: CredentialsDeps) {
  return async function deleteGenericCredentials(request: DeleteGenericCredentialsRequest, context: HandlerContext): Promise<DeleteGenericCredentialsResponse> {
    const { scope, secret } = await requestedCredentialsSecret(deps, "generic", request, context.signal);
    await deleteCredentialsSecret(deps.kube, "generic", scope, secret, context.signal);
    return create(DeleteGenericCredentialsResponseSchema, {});
  };
}
