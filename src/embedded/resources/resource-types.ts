/**
 * The resource types the embedded control plane serves — every kind of the kind catalogue
 * (src/domain/kind-catalogue.ts), with the verbs each answers: discovery documents, routing, RBAC
 * attributes and the store's type info all derive from these entries.
 */
import { ALL_KINDS, apiVersionOf, qualifiedResource, type KindInfo } from "../../domain/kind-catalogue.js";
import type { ResourceTypeInfo } from "../store/types.js";

export type { PrinterColumn } from "../../domain/kind-catalogue.js";
export { apiVersionOf, qualifiedResource };

/** One served resource type: a catalogue kind and the verbs it answers. */
export interface ResourceType extends KindInfo, ResourceTypeInfo {
  /** Verbs announced in discovery and accepted by the router. */
  readonly verbs: readonly string[];
}

/** Verbs of an ordinary stored type; reviews are create-only (answered, never stored). */
const CRUD = Object.freeze(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]);
const CREATE_ONLY = Object.freeze(["create"]);

/** Every served type, in discovery order. */
export const RESOURCE_TYPES: readonly ResourceType[] = Object.freeze(
  ALL_KINDS.map((kind): ResourceType => Object.freeze({ ...kind, verbs: kind.review ? CREATE_ONLY : CRUD })),
);

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
