import type { KubeObject } from "./types.js";
import type { PolicyRule } from "./default-project-roles.js";

/** Name of the ClusterRole (and of its RoleBinding in each project) for Kargo's own components. */
export const PROJECT_ADMIN_CLUSTER_ROLE = "kargo-project-admin";

/**
 * What ClusterRole `kargo-project-admin` grants in a project namespace it is bound in: every Kargo
 * resource and subresource, `promote`, credentials, ConfigMaps, events and the project's RBAC
 * objects — what the API server needs to act for users there.
 */
export const PROJECT_ADMIN_RULES: readonly PolicyRule[] = [
  { apiGroups: ["kargo.akuity.io"], resources: ["*"], verbs: ["*"] },
  { apiGroups: [""], resources: ["configmaps", "events", "secrets", "serviceaccounts"], verbs: ["*"] },
  { apiGroups: ["rbac.authorization.k8s.io"], resources: ["rolebindings", "roles"], verbs: ["*"] },
  { apiGroups: ["argoproj.io"], resources: ["analysisruns", "analysistemplates"], verbs: ["*"] },
];

/** ClusterRole `kargo-project-admin` (PROJECT_ADMIN_RULES). */
export function projectAdminClusterRole(): KubeObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: PROJECT_ADMIN_CLUSTER_ROLE },
    rules: structuredClone([...PROJECT_ADMIN_RULES]),
  };
}

/**
 * RoleBinding `kargo-project-admin` in the project namespace, which Kargo's Project webhook
 * creates: ClusterRole `kargo-project-admin` for ServiceAccounts `kargo-api` (the API server) and `kargo-admin` of the Kargo namespace.
 */
export function projectAdminRoleBinding(project: string, kargoNamespace = "kargo"): KubeObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: PROJECT_ADMIN_CLUSTER_ROLE, namespace: project },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: PROJECT_ADMIN_CLUSTER_ROLE },
    subjects: [
      { kind: "ServiceAccount", name: "kargo-api", namespace: kargoNamespace },
      { kind: "ServiceAccount", name: "kargo-admin", namespace: kargoNamespace },
    ],
  };
}
