import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import { CreateAPITokenResponseSchema, type CreateAPITokenRequest, type CreateAPITokenResponse } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { accessCheckKey } from "../../auth/authorization/access-check-context.js";
import { DESCRIPTION_ANNOTATION } from "../../domain/well-known-keys.js";
import { RESOURCES, type KubeObject } from "../../kube/index.js";
import {
  API_TOKEN_LABEL,
  assertKargoRulesHeld,
  loadRoleObjects,
  RBAC_MANAGED_ANNOTATION,
  rulesOf,
  SERVICE_ACCOUNT_NAME_ANNOTATION,
  SERVICE_ACCOUNT_TOKEN_TYPE,
} from "../../rbac/index.js";
import { requireField } from "../common/index.js";
import { apiTokenMessage, tokenOf } from "./api-token-secrets.js";
import type { RbacDeps } from "./rbac-deps.js";
import { assertSystemRole, roleScope } from "./role-namespace.js";

/** Re-reads while the token controller has not filled the Secret yet (Kubernetes does it asynchronously). */
const TOKEN_POLL_DELAYS_MS = [50, 100, 200, 400, 800, 1600];

/**
 * RbacService.CreateAPIToken (docs/api-behaviour.md, RbacService): a `kubernetes.io/service-account-token`
 * Secret bound to the role's ServiceAccount (annotation), labelled as an API token, owned by the
 * ServiceAccount so deleting the role revokes it. Returns the token in clear — the only time.
 *
 * Beyond Kargo: the caller must hold every permission of the role (the escalation check of
 * Grant(user_claims)), since a token acting as the role confers them just as mapping a user does;
 * otherwise anyone allowed to create Secrets in a project could mint a token of its admin role.
 */
export function createAPIToken(deps: RbacDeps) {
  return async function createAPIToken(request: CreateAPITokenRequest, context: HandlerContext): Promise<CreateAPITokenResponse> {
    const scope = await roleScope(deps, request);
    const roleName = requireField(request.roleName, "role_name");
    const name = requireField(request.name, "name");
    const role = await loadRoleObjects(deps, scope.namespace, roleName, scope.noun);
    assertSystemRole(scope, role.serviceAccount, roleName);
    await assertKargoRulesHeld(context.values.get(accessCheckKey), scope.namespace, rulesOf(role), deps.resourceGroups.groupOf);

    const sa = role.serviceAccount.metadata;
    // Without the owner's uid the token would outlive its role: fail rather than mint it.
    if (!sa.uid) throw new ConnectError(`service account "${roleName}" has no uid`, Code.Internal);
    const secret: KubeObject = {
      metadata: {
        namespace: scope.namespace,
        name,
        labels: { [API_TOKEN_LABEL]: "true" },
        annotations: {
          [SERVICE_ACCOUNT_NAME_ANNOTATION]: roleName,
          [RBAC_MANAGED_ANNOTATION]: "true",
          ...(request.description.trim() ? { [DESCRIPTION_ANNOTATION]: request.description.trim() } : {}),
        },
        ownerReferences: [{ apiVersion: "v1", kind: "ServiceAccount", name: roleName, uid: sa.uid }],
      },
      type: SERVICE_ACCOUNT_TOKEN_TYPE,
    };
    let stored = await deps.kube.create(RESOURCES.secrets, secret, { signal: context.signal });
    for (const delay of TOKEN_POLL_DELAYS_MS) {
      if (tokenOf(stored) !== undefined) break;
      await new Promise((resolve) => setTimeout(resolve, delay));
      stored = await deps.kube.get(RESOURCES.secrets, { namespace: scope.namespace, name }, { signal: context.signal });
    }
    if (tokenOf(stored) === undefined) {
      // No token controller answered: remove the empty Secret so a retry with the same name works.
      await deps.kube.delete(RESOURCES.secrets, { namespace: scope.namespace, name }).catch(() => undefined);
      throw new ConnectError(`the token of API token "${name}" was not issued in time (is Kubernetes' token controller running?)`, Code.Unavailable);
    }
    return create(CreateAPITokenResponseSchema, { token: apiTokenMessage(stored, scope, true) });
  };
}
