import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import { DeleteAPITokenResponseSchema, type DeleteAPITokenRequest, type DeleteAPITokenResponse } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { RESOURCES } from "../../kube/index.js";
import { requireField } from "../common/index.js";
import { apiTokenNotFound, getApiTokenSecret, tokenOf } from "./api-token-secrets.js";
import type { RbacDeps } from "./rbac-deps.js";
import { roleScope } from "./role-namespace.js";

/**
 * RbacService.DeleteAPIToken (kargo-behaviour.md §6.7): deletes a Kargo-made API token Secret,
 * which revokes the token at the Kubernetes API (TokenReview checks the Secret still exists), and
 * drops this server's cached acceptance of it, so the next call with it is UNAUTHENTICATED.
 * NOT_FOUND when missing or not a Kargo-managed API token (Kargo: ALREADY_EXISTS via a 409).
 */
export function deleteAPIToken(deps: RbacDeps) {
  return async function deleteAPIToken(request: DeleteAPITokenRequest, context: HandlerContext): Promise<DeleteAPITokenResponse> {
    const scope = await roleScope(deps, request);
    const name = requireField(request.name, "name");
    const secret = await getApiTokenSecret(deps.kube, scope, name, true, context.signal);
    await deps.kube
      .delete(RESOURCES.secrets, { namespace: scope.namespace, name }, { signal: context.signal, preconditions: { uid: secret.metadata.uid! } })
      .catch((error: unknown) => {
        if (error instanceof ConnectError && error.code === Code.NotFound) throw apiTokenNotFound(scope, name);
        throw error;
      });
    const token = tokenOf(secret);
    if (token !== undefined) deps.forgetToken?.(token);
    return create(DeleteAPITokenResponseSchema, {});
  };
}
