import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { ListRolesResponseSchema, type ListRolesRequest, type ListRolesResponse } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { RESOURCES } from "../../kube/index.js";
import { listClusterRoleBindings, loadRoleObjects, RBAC_MANAGED_ANNOTATION, roleMessage, roleResourcesMessage, SYSTEM_ROLE_LABEL } from "../../rbac/index.js";
import { listCached, pageOf } from "../common/index.js";
import type { RbacDeps } from "./rbac-deps.js";
import { roleScope } from "./role-namespace.js";

/**
 * RbacService.ListRoles (docs/api-behaviour.md, RbacService), sorted by name and paged. Project roles: those
 * whose ServiceAccount Kargo created (managed annotation), or every ServiceAccount with
 * include_unmanaged — Kargo lists every ServiceAccount (`default` too), which buries the roles
 * users made. System level: every ServiceAccount of the Kargo namespace labelled a system role.
 */
export function listRoles(deps: RbacDeps) {
  return async function listRoles(request: ListRolesRequest, _context: HandlerContext): Promise<ListRolesResponse> {
    const scope = await roleScope(deps, request);
    const accounts = await listCached(deps.caches.cache(RESOURCES.serviceaccounts), scope.namespace, (sa) =>
      scope.systemLevel
        ? sa.metadata.labels?.[SYSTEM_ROLE_LABEL] === "true"
        : request.includeUnmanaged || sa.metadata.annotations?.[RBAC_MANAGED_ANNOTATION] === "true",
    );
    const { items, nextPageToken, totalSize } = pageOf(accounts, request, {
      namespace: scope.namespace,
      systemLevel: scope.systemLevel,
      includeUnmanaged: request.includeUnmanaged,
      asResources: request.asResources,
    });
    const clusterRoleBindings = await listClusterRoleBindings(deps);
    const objects = await Promise.all(items.map((sa) => loadRoleObjects(deps, scope.namespace, sa.metadata.name!, scope.noun, clusterRoleBindings)));
    if (request.asResources) {
      return create(ListRolesResponseSchema, { resources: objects.map(roleResourcesMessage), nextPageToken, totalSize });
    }
    return create(ListRolesResponseSchema, {
      roles: await Promise.all(objects.map((o) => roleMessage(o, deps.resourceGroups.groupOf))),
      nextPageToken,
      totalSize,
    });
  };
}
