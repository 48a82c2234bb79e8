import { apiVersionOf, KINDS, type KindInfo, type KindResource } from "../domain/kind-catalogue.js";

export { apiVersionOf };

/** One resource type the API server reads or writes: a kind of the kind catalogue. */
export type ResourceType = KindInfo;

/** The kinds the API server uses (the others are the control plane's own: access and token reviews). */
const USED = [
  "projects",
  "projectconfigs",
  "clusterconfigs",
  "warehouses",
  "stages",
  "freights",
  "promotions",
  "promotiontasks",
  "clusterpromotiontasks",
  "analysistemplates",
  "clusteranalysistemplates",
  "analysisruns",
  "namespaces",
  "secrets",
  "serviceaccounts",
  "events",
  "leases",
  "configmaps",
  "roles",
  "rolebindings",
  "clusterroles",
  "clusterrolebindings",
  "custompromotionsteps",
] as const satisfies readonly KindResource[];

/**
 * The registry of resource types the API server uses, keyed by resource name: a view of the kind
 * catalogue (src/domain/kind-catalogue.ts), which describes each kind once. ResourceService accepts
 * manifests of exactly these kinds.
 */
export const RESOURCES: { readonly [R in (typeof USED)[number]]: ResourceType } = Object.freeze(
  Object.fromEntries(USED.map((resource) => [resource, KINDS[resource]])) as { [R in (typeof USED)[number]]: ResourceType },
);

/** A key of RESOURCES. */
export type ResourceName = keyof typeof RESOURCES;

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
  path += `/${type.resource}`;
  if (name !== undefined) path += `/${encodeURIComponent(name)}`;
  if (subresource !== undefined) path += `/${subresource}`;
  return path;
}
