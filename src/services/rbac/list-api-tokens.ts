import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { ListAPITokensResponseSchema, type ListAPITokensRequest, type ListAPITokensResponse } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { loadRoleObjects } from "../../rbac/index.js";
import { pageOf } from "../common/index.js";
import { apiTokenMessage, listApiTokenSecrets } from "./api-token-secrets.js";
import type { RbacDeps } from "./rbac-deps.js";
import { assertSystemRole, roleScope } from "./role-namespace.js";

/**
 * RbacService.ListAPITokens (docs/api-behaviour.md, RbacService): API tokens of the namespace, optionally of
 * one role (NOT_FOUND when that role does not exist), values redacted, sorted by name, paged.
 */
export function listAPITokens(deps: RbacDeps) {
  return async function listAPITokens(request: ListAPITokensRequest, context: HandlerContext): Promise<ListAPITokensResponse> {
    const scope = await roleScope(deps, request);
    const roleName = request.roleName.trim() === "" ? undefined : request.roleName.trim();
    if (roleName !== undefined) {
      const role = await loadRoleObjects(deps, scope.namespace, roleName, scope.noun);
      assertSystemRole(scope, role.serviceAccount, roleName);
    }
    const secrets = await listApiTokenSecrets(deps.kube, scope.namespace, roleName, context.signal);
    const { items, nextPageToken, totalSize } = pageOf(secrets, request, { namespace: scope.namespace, roleName });
    return create(ListAPITokensResponseSchema, { tokens: items.map((s) => apiTokenMessage(s, scope, false)), nextPageToken, totalSize });
  };
}
