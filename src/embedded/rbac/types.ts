/**
 * The contract of the embedded control plane's RBAC evaluator (src/embedded/rbac), which answers
 * SubjectAccessReviews and authorizes requests made with ServiceAccount tokens, with Kubernetes
 * RBAC semantics. Objects are plain Kubernetes JSON (rbac.authorization.k8s.io/v1).
 */

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface RoleObject {
  metadata: { name?: string; namespace?: string };
  rules?: PolicyRule[] | null;
}

export interface Subject {
  kind: "ServiceAccount" | "User" | "Group" | string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleBindingObject {
  metadata: { name?: string; namespace?: string };
  subjects?: Subject[] | null;
  roleRef: { apiGroup: string; kind: "Role" | "ClusterRole" | string; name: string };
}

/** Read access to the RBAC objects the evaluator needs (the API layer backs it with the store). */
export interface RbacObjects {
  getRole(namespace: string, name: string): RoleObject | undefined;
  getClusterRole(name: string): RoleObject | undefined;
  listRoleBindings(namespace: string): Iterable<RoleBindingObject>;
  listClusterRoleBindings(): Iterable<RoleBindingObject>;
}

/** Who is asking: Kubernetes' user.Info. */
export interface UserInfo {
  username: string;
  groups: readonly string[];
  uid?: string;
}

/** Kubernetes ResourceAttributes (of a SubjectAccessReview), "" group for core. */
export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  /** Empty or undefined for cluster-scoped requests (and for "all namespaces" list/watch). */
  namespace?: string;
  name?: string;
}

export interface NonResourceAttributes {
  verb: string;
  path: string;
}

export interface Decision {
  allowed: boolean;
  /** Why: the binding and role that allowed it, or a short denial reason. */
  reason: string;
}
