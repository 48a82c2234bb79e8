/**
 * The kind catalogue: every Kubernetes kind this code base knows, described once. The API
 * server's resource registry (src/kube), the embedded control plane's served types (discovery,
 * routing, RBAC, store), admission's and the controllers' type lists all derive from these entries,
 * and test/domain/kind-catalogue.test.ts fails when a derived list disagrees with it. Adding a kind
 * starts here (docs/architecture.md, "Adding a kind").
 *
 * Kargo entries follow Kargo v1.11's CRDs (names, scope, short names, status subresource, printer
 * columns); built-in entries follow Kubernetes v1.32.
 */

/** A column of `kubectl get` output (a CRD's additionalPrinterColumns entry). */
export interface PrinterColumn {
  readonly name: string;
  readonly type: "string" | "date";
  /** The CRD's simple JSONPath, e.g. `.status.conditions[?(@.type=="Ready")].status`. */
  readonly jsonPath: string;
}

/** One kind. */
export interface KindInfo {
  /** API group; "" for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  /** Plural lowercase resource name, as in URLs and RBAC rules ("stages", "rolebindings"). */
  readonly resource: string;
  readonly singular: string;
  readonly namespaced: boolean;
  /** Has a `status` subresource (status writes go through it; main writes keep status). */
  readonly hasStatus: boolean;
  /** What messages call one object: "stage", "project config", "secret" … */
  readonly noun: string;
  readonly shortNames?: readonly string[];
  /** Columns after Name in kubectl's Table output; an Age column when absent. */
  readonly printerColumns?: readonly PrinterColumn[];
  /** A create-only review (SubjectAccessReview, TokenReview …): answered, never stored. */
  readonly review?: boolean;
}

export const KARGO_GROUP = "kargo.akuity.io" as const;
export const RBAC_GROUP = "rbac.authorization.k8s.io" as const;
export const ROLLOUTS_GROUP = "argoproj.io" as const;
/**
 * This server's own kinds, served by the embedded control plane only (not Kargo's CRDs, whose
 * group `kargo.akuity.io` must list exactly Kargo's kinds): CustomPromotionStep.
 */
export const EMBEDDED_GROUP = "embedded.kargo.akuity.io" as const;
export const COORDINATION_GROUP = "coordination.k8s.io" as const;

const AGE: PrinterColumn = { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" };
const READY: PrinterColumn = { name: "Ready", type: "string", jsonPath: '.status.conditions[?(@.type=="Ready")].status' };
const READY_MESSAGE: PrinterColumn = { name: "Status", type: "string", jsonPath: '.status.conditions[?(@.type=="Ready")].message' };
const SHARD: PrinterColumn = { name: "Shard", type: "string", jsonPath: ".spec.shard" };

type KindOptions = Partial<Pick<KindInfo, "shortNames" | "printerColumns" | "review" | "hasStatus">>;

/** A KindInfo whose group keeps its literal type, so types can be derived per group (KargoResource). */
type KindOf<G extends string> = KindInfo & { readonly group: G };

/**
 * Describes a kind (frozen): the catalogue's entries, and kinds found only through a cluster's
 * discovery (ResourceService accepts any kind the cluster serves).
 */
export function describeKind<G extends string>(
  group: G,
  version: string,
  name: string,
  resource: string,
  namespaced: boolean,
  options: KindOptions = {},
): KindOf<G> {
  const singular = name.toLowerCase();
  return Object.freeze({
    group,
    version,
    kind: name,
    listKind: `${name}List`,
    resource,
    singular,
    namespaced,
    hasStatus: options.hasStatus ?? false,
    // "ProjectConfig" → "project config"
    noun: name.replace(/(?<=[a-z])(?=[A-Z])/g, " ").toLowerCase(),
    ...(options.shortNames ? { shortNames: Object.freeze([...options.shortNames]) } : {}),
    ...(options.printerColumns ? { printerColumns: Object.freeze([...options.printerColumns]) } : {}),
    ...(options.review ? { review: true } : {}),
  });
}

const kargo = (name: string, namespaced: boolean, hasStatus: boolean, printerColumns: readonly PrinterColumn[], shortNames?: readonly string[]) =>
  describeKind(KARGO_GROUP, "v1alpha1", name, `${name.toLowerCase()}s`, namespaced, { hasStatus, printerColumns, ...(shortNames ? { shortNames } : {}) });
const core = (name: string, resource: string, namespaced: boolean, options?: KindOptions) => describeKind("", "v1", name, resource, namespaced, options);
const rbac = (name: string, resource: string, namespaced: boolean) => describeKind(RBAC_GROUP, "v1", name, resource, namespaced);
/**
 * Argo Rollouts' analysis kinds (argoproj.io/v1alpha1), which Kargo's verification uses. Like Argo
 * Rollouts' CRDs they have no status subresource: its controller writes `status` with the object.
 */
const rollouts = (name: string, namespaced: boolean, shortNames: readonly string[], printerColumns: readonly PrinterColumn[]) =>
  describeKind(ROLLOUTS_GROUP, "v1alpha1", name, `${name.toLowerCase()}s`, namespaced, { shortNames, printerColumns });
const review = <G extends string>(group: G, name: string, resource: string) => describeKind(group, "v1", name, resource, false, { review: true });

/** Every kind, keyed by its resource (plural) name, in discovery order. */
export const KINDS = Object.freeze({
  namespaces: core("Namespace", "namespaces", false, {
    hasStatus: true,
    shortNames: ["ns"],
    printerColumns: [{ name: "Status", type: "string", jsonPath: ".status.phase" }, AGE],
  }),
  configmaps: core("ConfigMap", "configmaps", true, { shortNames: ["cm"] }),
  secrets: core("Secret", "secrets", true, { printerColumns: [{ name: "Type", type: "string", jsonPath: ".type" }, AGE] }),
  serviceaccounts: core("ServiceAccount", "serviceaccounts", true, { shortNames: ["sa"] }),
  events: core("Event", "events", true, { shortNames: ["ev"] }),
  // Controller heartbeats (Kargo's controllers renew one Lease each in the Kargo namespace).
  leases: describeKind(COORDINATION_GROUP, "v1", "Lease", "leases", true, {
    printerColumns: [{ name: "Holder", type: "string", jsonPath: ".spec.holderIdentity" }, AGE],
  }),
  roles: rbac("Role", "roles", true),
  rolebindings: rbac("RoleBinding", "rolebindings", true),
  clusterroles: rbac("ClusterRole", "clusterroles", false),
  clusterrolebindings: rbac("ClusterRoleBinding", "clusterrolebindings", false),
  subjectaccessreviews: review("authorization.k8s.io", "SubjectAccessReview", "subjectaccessreviews"),
  selfsubjectaccessreviews: review("authorization.k8s.io", "SelfSubjectAccessReview", "selfsubjectaccessreviews"),
  selfsubjectrulesreviews: review("authorization.k8s.io", "SelfSubjectRulesReview", "selfsubjectrulesreviews"),
  tokenreviews: review("authentication.k8s.io", "TokenReview", "tokenreviews"),
  selfsubjectreviews: review("authentication.k8s.io", "SelfSubjectReview", "selfsubjectreviews"),
  projects: kargo("Project", false, true, [READY, READY_MESSAGE, AGE]),
  projectconfigs: kargo("ProjectConfig", true, true, [READY, READY_MESSAGE, AGE]),
  clusterconfigs: kargo("ClusterConfig", false, true, [READY, READY_MESSAGE, AGE], ["clusterconfig", "clusterconfigs"]),
  warehouses: kargo("Warehouse", true, true, [SHARD, AGE]),
  stages: kargo("Stage", true, true, [
    SHARD,
    { name: "Current Freight", type: "string", jsonPath: ".status.freightSummary" },
    { name: "Health", type: "string", jsonPath: ".status.health.status" },
    READY,
    READY_MESSAGE,
    AGE,
  ]),
  freights: kargo("Freight", true, true, [
    { name: "Alias", type: "string", jsonPath: ".metadata.labels.kargo\\.akuity\\.io/alias" },
    { name: "Origin (Kind)", type: "string", jsonPath: ".origin.kind" },
    { name: "Origin (Name)", type: "string", jsonPath: ".origin.name" },
    AGE,
  ]),
  promotions: kargo(
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
  promotiontasks: kargo("PromotionTask", true, false, [AGE], ["promotask", "promotasks"]),
  clusterpromotiontasks: kargo("ClusterPromotionTask", false, false, [AGE], ["clusterpromotask", "clusterpromotasks"]),
  analysistemplates: rollouts("AnalysisTemplate", true, ["at"], [AGE]),
  clusteranalysistemplates: rollouts("ClusterAnalysisTemplate", false, ["cat"], [AGE]),
  analysisruns: rollouts("AnalysisRun", true, ["ar"], [{ name: "Status", type: "string", jsonPath: ".status.phase" }, AGE]),
  // An admin-registered promotion step run as a local process (docs/custom-promotion-steps.md).
  custompromotionsteps: describeKind(EMBEDDED_GROUP, "v1alpha1", "CustomPromotionStep", "custompromotionsteps", false, {
    shortNames: ["customstep", "customsteps"],
    printerColumns: [AGE],
  }),
});

/** A key of KINDS: a kind's resource (plural) name. */
export type KindResource = keyof typeof KINDS;

/** The resource names of Kargo's own kinds (kargo.akuity.io). */
export type KargoResource = {
  [R in KindResource]: (typeof KINDS)[R]["group"] extends typeof KARGO_GROUP ? R : never;
}[KindResource];

/** The resource names of Argo Rollouts' analysis kinds (argoproj.io). */
export type RolloutsResource = {
  [R in KindResource]: (typeof KINDS)[R]["group"] extends typeof ROLLOUTS_GROUP ? R : never;
}[KindResource];

/** Every kind, in discovery order. */
export const ALL_KINDS: readonly KindInfo[] = Object.freeze(Object.values(KINDS));

/** "v1" for the core group, "<group>/<version>" otherwise: the apiVersion of a kind's objects. */
export function apiVersionOf(kind: { readonly group: string; readonly version: string }): string {
  return kind.group === "" ? kind.version : `${kind.group}/${kind.version}`;
}

/** The Kubernetes "group resource" string used in messages: "configmaps", "stages.kargo.akuity.io". */
export function qualifiedResource(kind: { readonly group: string; readonly resource: string }): string {
  return kind.group === "" ? kind.resource : `${kind.resource}.${kind.group}`;
}
