import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import {
  DeleteGenericCredentialsResponseSchema,
  type DeleteGenericCredentialsRequest,
  type DeleteGenericCredentialsResponse,
} from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { requireField, resourceScope } from "../common/index.js";
import type { CredentialsDeps } from "./credentials-deps.js";
import { deleteCredentialsSecret, getCredentialsSecret } from "./credentials-secrets.js";

/**
 * CredentialsService.DeleteGenericCredentials (kargo-behaviour.md §5.2). NOT_FOUND when missing or
 * not generic credentials — another Secret of that name is never deleted through this RPC.
 */
export function deleteGenericCredentials(deps: CredentialsDeps) {
  return async function deleteGenericCredentials(request: DeleteGenericCredentialsRequest, context: HandlerContext): Promise<DeleteGenericCredentialsResponse> {
    const scope = await resourceScope(deps, request);
    const name = requireField(request.name, "name");
    const secret = await getCredentialsSecret(deps.kube, "generic", scope, name, context.signal);
    await deleteCredentialsSecret(deps.kube, "generic", scope, secret, context.signal);
    return create(DeleteGenericCredentialsResponseSchema, {});
  };
}
