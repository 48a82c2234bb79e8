/**
 * The one registry of every resource type the embedded control plane serves: discovery documents,
 * routing, RBAC attributes and the store's type info all derive from these entries.
 * Kargo entries follow the CRDs in shared/reference/kargo-crds-v1.11.2 (names, scope, shortNames,
 * `subresources.status`); built-in entries follow Kubernetes v1.32.
 */
import type { ResourceTypeInfo } from "../store/types.js";

/** A column of `kubectl get` output (a CRD's additionalPrinterColumns entry). */
export interface PrinterColumn {
  name: string;
  type: "string" | "date";
  /** The CRD's simple JSONPath, e.g. `.status.conditions[?(@.type=="Ready")].status`. */
  jsonPath: string;
}

/** One served resource type. */
export interface ResourceType extends ResourceTypeInfo {
  version: string;
  kind: string;
  listKind: string;
  singularName: string;
  shortNames?: readonly string[];
  categories?: readonly string[];
  /** Verbs announced in discovery and accepted by the router. */
  verbs: readonly string[];
  /** Columns after Name in Table output (kubectl get); an Age column when absent. */
  printerColumns?: readonly PrinterColumn[];
  /**
   * Create-only review types (SubjectAccessReview, TokenReview …) that are answered, never stored.
   */
  virtual?: boolean;
}

/** Verbs of an ordinary stored type. */
const CRUD = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"] as const;
const CREATE_ONLY = ["create"] as const;
const KARGO_GROUP = "kargo.akuity.io";

const AGE: PrinterColumn = { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" };
const READY: PrinterColumn = { name: "Ready", type: "string", jsonPath: '.status.conditions[?(@.type=="Ready")].status' };
const READY_MESSAGE: PrinterColumn = { name: "Status", type: "string", jsonPath: '.status.conditions[?(@.type=="Ready")].message' };
const SHARD: PrinterColumn = { name: "Shard", type: "string", jsonPath: ".spec.shard" };

function kargo(
  kind: string,
  namespaced: boolean,
  hasStatus: boolean,
  printerColumns: readonly PrinterColumn[],
  shortNames?: readonly string[],
): ResourceType {
  const singularName = kind.toLowerCase();
  return {
    group: KARGO_GROUP,
    version: "v1alpha1",
    resource: `${singularName}s`,
    singularName,
    kind,
    listKind: `${kind}List`,
    namespaced,
    hasStatus,
    verbs: CRUD,
    printerColumns,
    ...(shortNames ? { shortNames } : {}),
  };
}

const ROLLOUTS_GROUP = "argoproj.io";

/**
 * Argo Rollouts' analysis kinds (argoproj.io/v1alpha1), which Kargo's verification uses. Like
 * Argo Rollouts' CRDs they have no status subresource: its controller writes `status` with the
 * object (a merge patch of the whole AnalysisRun).
 */
function rollouts(kind: string, namespaced: boolean, shortNames: readonly string[], printerColumns: readonly PrinterColumn[]): ResourceType {
  const singularName = kind.toLowerCase();
  return {
    group: ROLLOUTS_GROUP,
    version: "v1alpha1",
    resource: `${singularName}s`,
    singularName,
    kind,
    listKind: `${kind}List`,
    namespaced,
    hasStatus: false,
    verbs: CRUD,
    shortNames,
    printerColumns,
  };
}

function builtin(
  group: string,
  resource: string,
  kind: string,
  namespaced: boolean,
  extra: Partial<ResourceType> = {},
): ResourceType {
  return {
    group,
    version: "v1",
    resource,
    singularName: kind.toLowerCase(),
    kind,
    listKind: `${kind}List`,
    namespaced,
    hasStatus: false,
    verbs: CRUD,
    ...extra,
  };
}

/** Every served type, in discovery order. */
export const RESOURCE_TYPES: readonly ResourceType[] = Object.freeze([
  builtin("", "namespaces", "Namespace", false, {
    hasStatus: true,
    shortNames: ["ns"],
    printerColumns: [{ name: "Status", type: "string", jsonPath: ".status.phase" }, AGE],
  }),
  builtin("", "configmaps", "ConfigMap", true, { shortNames: ["cm"] }),
  builtin("", "secrets", "Secret", true, { printerColumns: [{ name: "Type", type: "string", jsonPath: ".type" }, AGE] }),
  builtin("", "serviceaccounts", "ServiceAccount", true, { shortNames: ["sa"] }),
  builtin("", "events", "Event", true, { shortNames: ["ev"] }),
  builtin("rbac.authorization.k8s.io", "roles", "Role", true),
  builtin("rbac.authorization.k8s.io", "rolebindings", "RoleBinding", true),
  builtin("rbac.authorization.k8s.io", "clusterroles", "ClusterRole", false),
  builtin("rbac.authorization.k8s.io", "clusterrolebindings", "ClusterRoleBinding", false),
  builtin("authorization.k8s.io", "subjectaccessreviews", "SubjectAccessReview", false, {
    verbs: CREATE_ONLY,
    virtual: true,
  }),
  builtin("authorization.k8s.io", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false, {
    verbs: CREATE_ONLY,
    virtual: true,
  }),
  builtin("authorization.k8s.io", "selfsubjectrulesreviews", "SelfSubjectRulesReview", false, {
    verbs: CREATE_ONLY,
    virtual: true,
  }),
  builtin("authentication.k8s.io", "tokenreviews", "TokenReview", false, { verbs: CREATE_ONLY, virtual: true }),
  builtin("authentication.k8s.io", "selfsubjectreviews", "SelfSubjectReview", false, { verbs: CREATE_ONLY, virtual: true }),
  // Printer columns as in the Kargo v1.11.2 CRDs' additionalPrinterColumns.
  kargo("Project", false, true, [READY, READY_MESSAGE, AGE]),
  kargo("ProjectConfig", true, true, [READY, READY_MESSAGE, AGE]),
  kargo("ClusterConfig", false, true, [READY, READY_MESSAGE, AGE], ["clusterconfig", "clusterconfigs"]),
  kargo("Warehouse", true, true, [SHARD, AGE]),
  kargo("Stage", true, true, [
    SHARD,
    { name: "Current Freight", type: "string", jsonPath: ".status.freightSummary" },
    { name: "Health", type: "string", jsonPath: ".status.health.status" },
    READY,
    READY_MESSAGE,
    AGE,
  ]),
  kargo("Freight", true, true, [
    { name: "Alias", type: "string", jsonPath: ".metadata.labels.kargo\\.akuity\\.io/alias" },
    { name: "Origin (Kind)", type: "string", jsonPath: ".origin.kind" },
    { name: "Origin (Name)", type: "string", jsonPath: ".origin.name" },
    AGE,
  ]),
  kargo(
    "Promotion",
    true,
    true,
    [
      { name: "Shard", type: "string", jsonPath: ".metadata.labels.kargo\\.akuity\\.io/shard" },
      { name: "Stage", type: "string", jsonPath: ".spec.stage" },
      { name: "Freight", type: "string", jsonPath: ".spec.freight" },
      { name: "Phase", type: "string", jsonPath: ".status.phase" },
      AGE,
    ],
    ["promo", "promos"],
  ),
  kargo("PromotionTask", true, false, [AGE], ["promotask", "promotasks"]),
  kargo("ClusterPromotionTask", false, false, [AGE], ["clusterpromotask", "clusterpromotasks"]),
  // Short names and columns as in Argo Rollouts' CRDs.
  rollouts("AnalysisTemplate", true, ["at"], [AGE]),
  rollouts("ClusterAnalysisTemplate", false, ["cat"], [AGE]),
  rollouts("AnalysisRun", true, ["ar"], [{ name: "Status", type: "string", jsonPath: ".status.phase" }, AGE]),
]);

/** "v1" for the core group, "<group>/<version>" otherwise: the apiVersion of a type's objects. */
export function apiVersionOf(type: { group: string; version: string }): string {
  return type.group === "" ? type.version : `${type.group}/${type.version}`;
}

/** The Kubernetes "group resource" string used in messages: "configmaps", "stages.kargo.akuity.io". */
export function qualifiedResource(type: { group: string; resource: string }): string {
  return type.group === "" ? type.resource : `${type.resource}.${type.group}`;
}

const byKey = new Map(RESOURCE_TYPES.map((type) => [`${type.group}/${type.version}/${type.resource}`, type]));

/** The type served at group/version/resource, if any. */
export function findResourceType(group: string, version: string, resource: string): ResourceType | undefined {
  return byKey.get(`${group}/${version}/${resource}`);
}

/** The type of a group and plural resource name, ignoring version (each group serves one). */
export function resourceTypeOf(group: string, resource: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((type) => type.group === group && type.resource === resource);
}

/** The (group, version) pairs served, in discovery order, without duplicates. */
export function servedGroupVersions(): { group: string; version: string }[] {
  const seen = new Set<string>();
  const out: { group: string; version: string }[] = [];
  for (const { group, version } of RESOURCE_TYPES) {
    const key = `${group}/${version}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ group, version });
    }
  }
  return out;
}

/** Like resourceTypeOf, for types this code base knows are registered; a missing one is a bug. */
export function requireResourceType(group: string, resource: string): ResourceType {
  const type = resourceTypeOf(group, resource);
  if (!type) throw new Error(`resource type ${resource}.${group} is not registered`);
  return type;
}
