/**
 * Minimal shapes of the Kargo objects (`kargo.akuity.io/v1alpha1`, CRD JSON as stored) that the
 * domain rules read. Only the fields a rule looks at are typed; everything else passes through
 * untouched, so these describe plain Kubernetes JSON rather than a conversion of it.
 */

/**
 * Kubernetes object metadata, as JSON: the one definition the domain, the API server's kube layer
 * and the embedded store share. Only the fields someone reads are typed; the rest passes through.
 */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  [field: string]: unknown;
}

/** metav1.OwnerReference. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Any Kubernetes object. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** Where Freight comes from; Kargo v1.11 only knows kind `Warehouse`. */
export interface FreightOrigin {
  kind: string;
  name: string;
}

/** Freight `commits[]`. */
export interface GitCommit {
  repoURL?: string;
  id?: string;
  branch?: string;
  tag?: string;
  message?: string;
  /** Not in the v1.11 CRD; newer Kargo adds it to the ID when set. */
  subscriptionName?: string;
  [field: string]: unknown;
}

/** Freight `images[]`. */
export interface Image {
  repoURL?: string;
  tag?: string;
  digest?: string;
  subscriptionName?: string;
  [field: string]: unknown;
}

/** Freight `charts[]`. */
export interface Chart {
  repoURL?: string;
  name?: string;
  version?: string;
  subscriptionName?: string;
  [field: string]: unknown;
}

/** Freight `artifacts[]` (generic subscriptions). */
export interface ArtifactReference {
  artifactType?: string;
  subscriptionName?: string;
  version?: string;
  [field: string]: unknown;
}

/** Freight `status`. Times are RFC 3339, durations Go duration strings ("1h2m3s"). */
export interface FreightStatus {
  currentlyIn?: Record<string, { since?: string }>;
  verifiedIn?: Record<string, { verifiedAt?: string; longestSoak?: string }>;
  approvedFor?: Record<string, { approvedAt?: string }>;
  [field: string]: unknown;
}

/** A Freight object. It has no spec: its artifacts are top-level fields. */
export interface Freight extends KubeObject {
  alias?: string;
  discoveredAt?: string;
  origin?: FreightOrigin;
  commits?: GitCommit[];
  images?: Image[];
  charts?: Chart[];
  artifacts?: ArtifactReference[];
  status?: FreightStatus;
}

/** `sources` of a Stage's `requestedFreight[]` entry. */
export interface FreightSources {
  direct?: boolean;
  stages?: string[];
  requiredSoakTime?: string;
  availabilityStrategy?: "All" | "OneOf" | "";
  autoPromotionOptions?: { selectionPolicy?: string };
}

/** One Stage `requestedFreight[]` entry. */
export interface FreightRequest {
  origin: FreightOrigin;
  sources?: FreightSources;
}

/** A `{name, value}` variable of Stages, templates, tasks and steps. */
export interface PromotionVariable {
  name: string;
  value?: string;
}

/** A promotion step: `uses` a step runner, or references a (Cluster)PromotionTask with `task`. */
export interface PromotionStep {
  uses?: string;
  task?: { name: string; kind?: "PromotionTask" | "ClusterPromotionTask" | "" };
  as?: string;
  if?: string;
  continueOnError?: boolean;
  retry?: Record<string, unknown>;
  vars?: PromotionVariable[];
  config?: Record<string, unknown>;
  [field: string]: unknown;
}

/** One `status.freightHistory[]` entry of a Stage (newest first). */
export interface FreightCollection {
  id?: string;
  items?: Record<string, { name?: string; origin?: FreightOrigin; [field: string]: unknown }>;
  [field: string]: unknown;
}

/** A Stage object. */
export interface Stage extends KubeObject {
  spec?: {
    shard?: string;
    vars?: PromotionVariable[];
    requestedFreight?: FreightRequest[];
    promotionTemplate?: { spec?: { vars?: PromotionVariable[]; steps?: PromotionStep[] } };
    [field: string]: unknown;
  };
  status?: { freightHistory?: FreightCollection[]; [field: string]: unknown };
}

/** A PromotionTask or ClusterPromotionTask object. */
export interface PromotionTask extends KubeObject {
  spec?: { vars?: PromotionVariable[]; steps?: PromotionStep[] };
}

/** A Promotion object. */
export interface Promotion extends KubeObject {
  spec: {
    stage: string;
    freight: string;
    vars?: PromotionVariable[];
    steps?: PromotionStep[];
    [field: string]: unknown;
  };
  status?: Record<string, unknown>;
}
