/** One resource type the API server reads or writes: where it lives in the Kubernetes API. */
export interface ResourceType {
  /** API group; "" for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Plural resource name, as in URLs and RBAC rules. */
  readonly plural: string;
  readonly namespaced: boolean;
  /** Has a `status` subresource (writes to status go through patchStatus). */
  readonly hasStatus: boolean;
  /** What error messages call one object: "stage", "project config", "secret" … */
  readonly noun: string;
}

function type(group: string, version: string, kind: string, plural: string, namespaced: boolean, hasStatus: boolean, noun: string): ResourceType {
  return Object.freeze({ group, version, kind, plural, namespaced, hasStatus, noun });
}

const KARGO = "kargo.akuity.io";

/**
 * The registry of resource types the API server uses, keyed by plural. Kargo kinds per
 * research/kargo-behaviour.md §9.1 (all with a status subresource); core and RBAC kinds the
 * services and the auth layer touch.
 */
export const RESOURCES = Object.freeze({
  // Kargo, kargo.akuity.io/v1alpha1
  projects: type(KARGO, "v1alpha1", "Project", "projects", false, true, "project"),
  projectconfigs: type(KARGO, "v1alpha1", "ProjectConfig", "projectconfigs", true, true, "project config"),
  clusterconfigs: type(KARGO, "v1alpha1", "ClusterConfig", "clusterconfigs", false, true, "cluster config"),
  warehouses: type(KARGO, "v1alpha1", "Warehouse", "warehouses", true, true, "warehouse"),
  stages: type(KARGO, "v1alpha1", "Stage", "stages", true, true, "stage"),
  freights: type(KARGO, "v1alpha1", "Freight", "freights", true, true, "freight"),
  promotions: type(KARGO, "v1alpha1", "Promotion", "promotions", true, true, "promotion"),
  promotiontasks: type(KARGO, "v1alpha1", "PromotionTask", "promotiontasks", true, false, "promotion task"),
  clusterpromotiontasks: type(KARGO, "v1alpha1", "ClusterPromotionTask", "clusterpromotiontasks", false, false, "cluster promotion task"),
  // Argo Rollouts, argoproj.io/v1alpha1 (Kargo's verification); no status subresource
  analysistemplates: type("argoproj.io", "v1alpha1", "AnalysisTemplate", "analysistemplates", true, false, "analysis template"),
  clusteranalysistemplates: type("argoproj.io", "v1alpha1", "ClusterAnalysisTemplate", "clusteranalysistemplates", false, false, "cluster analysis template"),
  analysisruns: type("argoproj.io", "v1alpha1", "AnalysisRun", "analysisruns", true, false, "analysis run"),
  // core/v1
  namespaces: type("", "v1", "Namespace", "namespaces", false, true, "namespace"),
  secrets: type("", "v1", "Secret", "secrets", true, false, "secret"),
  serviceaccounts: type("", "v1", "ServiceAccount", "serviceaccounts", true, false, "service account"),
  events: type("", "v1", "Event", "events", true, false, "event"),
  configmaps: type("", "v1", "ConfigMap", "configmaps", true, false, "config map"),
  // rbac.authorization.k8s.io/v1
  roles: type("rbac.authorization.k8s.io", "v1", "Role", "roles", true, false, "role"),
  rolebindings: type("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, false, "role binding"),
  clusterroles: type("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, false, "cluster role"),
});

/** A key of RESOURCES. */
export type ResourceName = keyof typeof RESOURCES;

/** `group/version`, or `version` for the core group: the objects' apiVersion. */
export function apiVersionOf(type: ResourceType): string {
  return type.group === "" ? type.version : `${type.group}/${type.version}`;
}

/** The registered type of an apiVersion and kind, or undefined for a kind this server does not use. */
export function resourceTypeOf(apiVersion: string, kind: string): ResourceType | undefined {
  return Object.values(RESOURCES).find((t) => apiVersionOf(t) === apiVersion && t.kind === kind);
}

/**
 * The URL path of a collection or an object: `/apis/<group>/<version>[/namespaces/<ns>]/<plural>[/<name>[/<sub>]]`
 * (`/api/v1/…` for the core group). A namespaced type without a namespace addresses all namespaces.
 */
export function resourcePath(type: ResourceType, namespace?: string, name?: string, subresource?: string): string {
  let path = type.group === "" ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  if (type.namespaced && namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${type.plural}`;
  if (name !== undefined) path += `/${encodeURIComponent(name)}`;
  if (subresource !== undefined) path += `/${subresource}`;
  return path;
}
