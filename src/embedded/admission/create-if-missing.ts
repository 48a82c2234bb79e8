import type { ResourceType } from "../resources/resource-types.js";
import type { KubeObject, ObjectStore } from "../store/types.js";

/**
 * Creates `object` unless one of that name exists, which is kept as it is: a controller's
 * "ensure" step that never overwrites what users changed. Returns whether it created.
 */
export function createIfMissing(store: ObjectStore, type: ResourceType, object: KubeObject): boolean {
  if (store.get(type, type.namespaced ? object.metadata.namespace : undefined, object.metadata.name!)) return false;
  try {
    store.create(type, object);
    return true;
  } catch (error) {
    // Lost a race with another writer: the object exists, which is all this ensures.
    if ((error as { reason?: string }).reason === "AlreadyExists") return false;
    throw error;
  }
}
