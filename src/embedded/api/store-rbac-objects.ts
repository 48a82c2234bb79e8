import type { RbacObjects, RoleBindingObject, RoleObject } from "../rbac/types.js";
import type { ObjectStore } from "../store/types.js";
import { requireResourceType } from "../resources/resource-types.js";

const roles = requireResourceType("rbac.authorization.k8s.io", "roles");
const clusterRoles = requireResourceType("rbac.authorization.k8s.io", "clusterroles");
const roleBindings = requireResourceType("rbac.authorization.k8s.io", "rolebindings");
const clusterRoleBindings = requireResourceType("rbac.authorization.k8s.io", "clusterrolebindings");

/**
 * The RBAC evaluator's view of the store: read on every decision, so a RoleBinding takes effect
 * on the very next request (no cache to invalidate; SQLite reads are microseconds).
 */
export function storeRbacObjects(store: ObjectStore): RbacObjects {
  return {
    getRole: (namespace, name) => store.get(roles, namespace, name) as RoleObject | undefined,
    getClusterRole: (name) => store.get(clusterRoles, undefined, name) as RoleObject | undefined,
    listRoleBindings: (namespace) => store.list(roleBindings, { namespace }).items as unknown as RoleBindingObject[],
    listClusterRoleBindings: () => store.list(clusterRoleBindings).items as unknown as RoleBindingObject[],
  };
}
