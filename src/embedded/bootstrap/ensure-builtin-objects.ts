import type { ObjectStore } from "../store/types.js";
import { requireResourceType } from "../resources/resource-types.js";
import { BUILTIN_OBJECTS } from "./builtin-objects.js";

/**
 * Creates each built-in object that does not exist yet. Existing ones are left as they are, so an
 * administrator's edits survive restarts; a deleted one comes back on the next start.
 * Returns the names of the objects created (for the start-up log).
 */
export function ensureBuiltinObjects(store: ObjectStore): string[] {
  const created: string[] = [];
  for (const { group, resource, object } of BUILTIN_OBJECTS) {
    const type = requireResourceType(group, resource);
    const { name, namespace } = object.metadata;
    if (store.get(type, namespace, name!)) continue;
    store.create(type, structuredClone(object));
    created.push(`${resource}/${namespace ? `${namespace}/` : ""}${name}`);
  }
  return created;
}
