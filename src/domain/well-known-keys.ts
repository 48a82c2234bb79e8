/**
 * Label, annotation and finalizer keys Kargo gives meaning to. One
 * place, so that the admission code, the services and the tests spell them alike.
 */
export const KARGO_API_VERSION = "kargo.akuity.io/v1alpha1";

/** The name of the one ClusterConfig (cluster-scoped, a singleton: admission refuses any other). */
export const CLUSTER_CONFIG_NAME = "cluster";

/** Label on Freight mirroring its `alias` field. */
export const ALIAS_LABEL = "kargo.akuity.io/alias";
/** Label on a Namespace marking it as a Project namespace (value "true"). */
export const PROJECT_LABEL = "kargo.akuity.io/project";
/** Label (≤63, hashed when longer) and annotation (full name) naming a Promotion's Stage. */
export const STAGE_LABEL = "kargo.akuity.io/stage";
export const STAGE_ANNOTATION = "kargo.akuity.io/stage";
/** Controller shard label on Stages, Warehouses and Promotions. */
export const SHARD_LABEL = "kargo.akuity.io/shard";
/** Kargo's cleanup finalizer. */
export const KARGO_FINALIZER = "kargo.akuity.io/finalizer";
/** Who created a Project or Promotion (`email:alice@example.com`, `admin`, `kubernetes:<user>` …). */
export const CREATE_ACTOR_ANNOTATION = "kargo.akuity.io/create-actor";
/**
 * Our addition: the creator's OIDC claims as a JSON claim map, set by the API server on a Project
 * create so the embedded control plane can map the creator as project admin with every claim the
 * user has (Kargo only derives one claim from the create-actor string). Consumed, then dropped.
 */
export const CREATED_BY_CLAIMS_ANNOTATION = "kargo.akuity.io/created-by-claims";
/** `"true"` on a Project or Namespace keeps the Namespace when the Project is deleted. */
export const KEEP_NAMESPACE_ANNOTATION = "kargo.akuity.io/keep-namespace";
/** UI description of any object (roles, credentials …). */
export const DESCRIPTION_ANNOTATION = "kargo.akuity.io/description";
/** `"*"` on a shared Secret or ConfigMap: replicate it into every project. */
export const REPLICATE_TO_ANNOTATION = "kargo.akuity.io/replicate-to";
/** `"true"` on a ServiceAccount/Role/RoleBinding the Kargo Role abstraction may manage. */
export const RBAC_MANAGED_ANNOTATION = "rbac.kargo.akuity.io/managed";
/** JSON claim map on a ServiceAccount: users with any listed claim value map to it. */
export const RBAC_CLAIMS_ANNOTATION = "rbac.kargo.akuity.io/claims";
/** Prefix of the annotations carried by Kargo's Kubernetes Events. */
export const EVENT_ANNOTATION_PREFIX = "event.kargo.akuity.io/";
/** Annotation asking the controller to re-run a Stage's verification: `{"id": <verification ID>, "actor": …}`. */
export const REVERIFY_ANNOTATION = "kargo.akuity.io/reverify";
/**
 * Annotation asking the controller to abort: on a Stage `{"id": <verification ID>, "actor": …}`
 * (its running verification), on a Promotion the promotion (shaped differently).
 */
export const ABORT_ANNOTATION = "kargo.akuity.io/abort";

/** Kargo's refresh annotation: a new value asks the controller to reconcile the object again. */
export const REFRESH_ANNOTATION = "kargo.akuity.io/refresh";
