/**
 * The one registry of every resource type the embedded control plane serves: discovery documents,
 * routing, RBAC attributes and the store's type info all derive from these entries.
 * Kargo entries follow the CRDs in shared/reference/kargo-crds-v1.11.2 (names, scope, shortNames,
 * `subresources.status`); built-in entries follow Kubernetes v1.32.
 */
import type { ResourceTypeInfo } from "../store/types.js";

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
  /**
   * Create-only review types (SubjectAccessReview, TokenReview …) that are answered, never stored.
   */
  virtual?: boolean;
}

/** Verbs of an ordinary stored type. */
const CRUD = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"] as const;
const CREATE_ONLY = ["create"] as const;
const KARGO_GROUP = "kargo.akuity.io";

function kargo(
  kind: string,
  namespaced: boolean,
  hasStatus: boolean,
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
    ...(shortNames ? { shortNames } : {}),
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
  builtin("", "namespaces", "Namespace", false, { hasStatus: true, shortNames: ["ns"] }),
  builtin("", "configmaps", "ConfigMap", true, { shortNames: ["cm"] }),
  builtin("", "secrets", "Secret", true),
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
  builtin("authentication.k8s.io", "tokenreviews", "TokenReview", false, { verbs: CREATE_ONLY, virtual: true }),
  kargo("Project", false, true),
  kargo("ProjectConfig", true, true),
  kargo("ClusterConfig", false, true, ["clusterconfig", "clusterconfigs"]),
  kargo("Warehouse", true, true),
  kargo("Stage", true, true),
  kargo("Freight", true, true),
  kargo("Promotion", true, true, ["promo", "promos"]),
  kargo("PromotionTask", true, false, ["promotask", "promotasks"]),
  kargo("ClusterPromotionTask", false, false, ["clusterpromotask", "clusterpromotasks"]),
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
