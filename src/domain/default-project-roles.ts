import { formatClaimsAnnotation, type ClaimMap } from "./creator-admin-claims.js";
import type { KargoResource } from "./kind-catalogue.js";
import type { KubeObject } from "./types.js";
import { DESCRIPTION_ANNOTATION, RBAC_CLAIMS_ANNOTATION, RBAC_MANAGED_ANNOTATION } from "./well-known-keys.js";

/** A Kubernetes RBAC PolicyRule. */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

const READ = ["get", "list", "watch"];
const WRITE = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
// Kargo's default project roles name these kinds (not Project, ClusterConfig or ClusterPromotionTask,
// which are cluster-scoped).
const KARGO_RESOURCES: KargoResource[] = ["freights", "projectconfigs", "promotions", "promotiontasks", "stages", "warehouses"];
const ANALYSIS_RESOURCES = ["analysisruns", "analysistemplates"];

const VIEWER_RULES: PolicyRule[] = [
  { apiGroups: [""], resources: ["configmaps", "events", "serviceaccounts"], verbs: READ },
  { apiGroups: ["rbac.authorization.k8s.io"], resources: ["rolebindings", "roles"], verbs: READ },
  { apiGroups: ["kargo.akuity.io"], resources: KARGO_RESOURCES, verbs: READ },
  { apiGroups: ["argoproj.io"], resources: ANALYSIS_RESOURCES, verbs: READ },
];

/** The default project roles and their rules, as Kargo creates them for every project. */
export const DEFAULT_PROJECT_ROLES: Readonly<Record<"kargo-admin" | "kargo-viewer" | "kargo-promoter", { description: string; rules: PolicyRule[] }>> = {
  "kargo-admin": {
    description: "Manages everything in the project: pipelines, promotions, credentials and roles.",
    rules: [
      { apiGroups: [""], resources: ["events"], verbs: READ },
      { apiGroups: [""], resources: ["configmaps", "secrets", "serviceaccounts"], verbs: WRITE },
      { apiGroups: ["rbac.authorization.k8s.io"], resources: ["rolebindings", "roles"], verbs: WRITE },
      { apiGroups: ["kargo.akuity.io"], resources: KARGO_RESOURCES, verbs: WRITE },
      { apiGroups: ["kargo.akuity.io"], resources: ["freights/status"], verbs: ["patch", "update"] },
      { apiGroups: ["kargo.akuity.io"], resources: ["stages"], verbs: ["promote"] },
      { apiGroups: ["argoproj.io"], resources: ANALYSIS_RESOURCES, verbs: WRITE },
    ],
  },
  "kargo-viewer": {
    description: "Reads everything in the project except Secrets.",
    rules: VIEWER_RULES,
  },
  "kargo-promoter": {
    description: "Reads the project, promotes Freight into Stages and approves Freight.",
    rules: [
      ...VIEWER_RULES,
      { apiGroups: ["kargo.akuity.io"], resources: ["stages"], verbs: ["promote"] },
      { apiGroups: ["kargo.akuity.io"], resources: ["promotions"], verbs: ["create"] },
      { apiGroups: ["kargo.akuity.io"], resources: ["freights/status"], verbs: ["patch"] },
    ],
  },
};

/** Options of defaultProjectRoles. */
export interface DefaultProjectRolesOptions {
  /** Claims mapped to `kargo-admin` (the creator, see creatorAdminClaims). */
  adminClaims?: ClaimMap;
}

/**
 * The objects Kargo's management controller creates in a new project namespace: for each of
 * `kargo-admin`, `kargo-viewer` and `kargo-promoter` a Kargo Role trio — ServiceAccount, Role
 * (the rules of DEFAULT_PROJECT_ROLES) and RoleBinding of that Role to that ServiceAccount — all
 * annotated `rbac.kargo.akuity.io/managed: "true"` so the RbacService can manage them. The
 * `kargo-admin` ServiceAccount carries `adminClaims` in `rbac.kargo.akuity.io/claims` when given.
 * Order: every ServiceAccount, then Roles, then RoleBindings (create in this order).
 */
export function defaultProjectRoles(project: string, options: DefaultProjectRolesOptions = {}): KubeObject[] {
  const names = Object.keys(DEFAULT_PROJECT_ROLES) as (keyof typeof DEFAULT_PROJECT_ROLES)[];
  const managed = (name: string) => ({
    [RBAC_MANAGED_ANNOTATION]: "true",
    [DESCRIPTION_ANNOTATION]: DEFAULT_PROJECT_ROLES[name as keyof typeof DEFAULT_PROJECT_ROLES].description,
  });
  const serviceAccounts = names.map((name) => {
    const annotations: Record<string, string> = managed(name);
    if (name === "kargo-admin" && options.adminClaims && Object.keys(options.adminClaims).length > 0) {
      annotations[RBAC_CLAIMS_ANNOTATION] = formatClaimsAnnotation(options.adminClaims);
    }
    return { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace: project, annotations } };
  });
  const roles = names.map((name) => ({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: { name, namespace: project, annotations: { [RBAC_MANAGED_ANNOTATION]: "true" } },
    rules: structuredClone(DEFAULT_PROJECT_ROLES[name].rules),
  }));
  const bindings = names.map((name) => ({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name, namespace: project, annotations: { [RBAC_MANAGED_ANNOTATION]: "true" } },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
    subjects: [{ kind: "ServiceAccount", name, namespace: project }],
  }));
  return [...serviceAccounts, ...roles, ...bindings];
}
