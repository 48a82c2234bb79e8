import type { KubeObject, ResourceTypeInfo } from "./types.js";

/** Where one object lives: the primary key of the objects table. Cluster-scoped objects use namespace "". */
export interface ObjectKey {
  group: string;
  resource: string;
  namespace: string;
  name: string;
}

/** The key for (type, namespace, name); cluster-scoped types ignore the namespace, as Kubernetes does. */
export function objectKey(type: ResourceTypeInfo, namespace: string | undefined, name: string): ObjectKey {
  return { group: type.group, resource: type.resource, namespace: type.namespaced ? (namespace ?? "") : "", name };
}

/** The key of a stored object of the given type. */
export function keyOfObject(type: ResourceTypeInfo, object: KubeObject): ObjectKey {
  return objectKey(type, object.metadata.namespace, object.metadata.name ?? "");
}

/** "group/resource", the map key the store uses per type; core group gives "/namespaces". */
export function typeId(type: { group: string; resource: string }): string {
  return `${type.group}/${type.resource}`;
}

/** A human-readable reference for messages: `stages "prod" in namespace "demo"`. */
export function describeKey(key: ObjectKey): string {
  const resource = key.group === "" ? key.resource : `${key.resource}.${key.group}`;
  return key.namespace === "" ? `${resource} "${key.name}"` : `${resource} "${key.name}" in namespace "${key.namespace}"`;
}
