import type { RbacObjects, RoleBindingObject, RoleObject } from "./types.js";

/** The RBAC objects of a cluster, as lists (e.g. a snapshot read from the store, or test fixtures). */
export interface RbacObjectLists {
  roles?: readonly RoleObject[];
  clusterRoles?: readonly RoleObject[];
  roleBindings?: readonly RoleBindingObject[];
  clusterRoleBindings?: readonly RoleBindingObject[];
}

/**
 * Indexes lists of RBAC objects for the evaluator: Roles and RoleBindings by their
 * `metadata.namespace`, ClusterRoles by name. Later duplicates replace earlier ones.
 */
export function inMemoryRbacObjects(lists: RbacObjectLists): RbacObjects {
  const roles = new Map<string, RoleObject>();
  for (const role of lists.roles ?? []) roles.set(`${role.metadata.namespace ?? ""}/${role.metadata.name ?? ""}`, role);
  const clusterRoles = new Map<string, RoleObject>();
  for (const role of lists.clusterRoles ?? []) clusterRoles.set(role.metadata.name ?? "", role);
  const bindingsByNamespace = new Map<string, RoleBindingObject[]>();
  for (const binding of lists.roleBindings ?? []) {
    const namespace = binding.metadata.namespace ?? "";
    bindingsByNamespace.set(namespace, [...(bindingsByNamespace.get(namespace) ?? []), binding]);
  }
  const clusterRoleBindings = [...(lists.clusterRoleBindings ?? [])];
  return {
    getRole: (namespace, name) => roles.get(`${namespace}/${name}`),
    getClusterRole: (name) => clusterRoles.get(name),
    listRoleBindings: (namespace) => bindingsByNamespace.get(namespace) ?? [],
    listClusterRoleBindings: () => clusterRoleBindings,
  };
}
