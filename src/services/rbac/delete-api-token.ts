import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import { DeleteAPITokenResponseSchema, type DeleteAPITokenRequest, type DeleteAPITokenResponse } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { RESOURCES } from "../../kube/index.js";
import { SERVICE_ACCOUNT_NAME_ANNOTATION, TOKENS_REVOKED_ANNOTATION } from "../../rbac/index.js";
import { requireField } from "../common/index.js";
import { apiTokenNotFound, getApiTokenSecret, tokenOf } from "./api-token-secrets.js";
import type { RbacDeps } from "./rbac-deps.js";
import { roleScope } from "./role-namespace.js";

/**
 * RbacService.DeleteAPIToken (docs/api-behaviour.md, RbacService): deletes a Kargo-made API token Secret,
 * which revokes the token at the Kubernetes API (TokenReview checks the Secret still exists), and
 * drops this server's cached acceptance of it, so the next call with it is UNAUTHENTICATED. It then
 * stamps the role's ServiceAccount (TOKENS_REVOKED_ANNOTATION) so that every other replica, which
 * watches ServiceAccounts, drops its cached acceptances of that role's tokens too.
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
    const serviceAccount = secret.metadata.annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION];
    if (serviceAccount) {
      // The token is revoked at the Kubernetes API already; if the stamp cannot be written (the
      // role is being deleted, say), other replicas fall back to AUTHORIZATION_CACHE_TTL.
      await deps.kube
        .mergePatch(
          RESOURCES.serviceaccounts,
          { namespace: scope.namespace, name: serviceAccount },
          { metadata: { annotations: { [TOKENS_REVOKED_ANNOTATION]: new Date().toISOString() } } },
          { signal: context.signal },
        )
        .catch(() => undefined);
    }
    return create(DeleteAPITokenResponseSchema, {});
  };
}
