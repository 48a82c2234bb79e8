import type { ObjectChange } from "./object-change.js";
import type { KubeObject, ObjectFilter, WatchEvent } from "./types.js";

/**
 * What one watcher sees of one change, or undefined when the change is outside its namespace or
 * filter. Like the Kubernetes watch cache, a MODIFIED object that stops matching the filter is
 * sent as DELETED (its previous content with the new resourceVersion), and one that starts
 * matching as ADDED, so a client's filtered view stays correct. A DELETED reaches every watcher
 * whose filter matched the object's last or previous state.
 */
export function toWatchEvent(change: ObjectChange, namespace: string | undefined, filter: ObjectFilter | undefined): WatchEvent | undefined {
  if (namespace !== undefined && change.key.namespace !== namespace) {
    return undefined;
  }
  const object = JSON.parse(change.data) as KubeObject;
  if (filter === undefined) {
    return { type: change.type, object };
  }
  const matches = filter(object);
  if (change.type === "ADDED" || change.prev === undefined) {
    return matches ? { type: change.type, object } : undefined;
  }
  if (change.type === "DELETED" && matches) {
    return { type: "DELETED", object };
  }
  const previous = JSON.parse(change.prev) as KubeObject;
  const matched = filter(previous);
  if (change.type === "MODIFIED" && matches) {
    return { type: matched ? "MODIFIED" : "ADDED", object };
  }
  if (!matched) {
    return undefined;
  }
  // The watcher holds the object (its previous state matched) and must learn it is gone: a
  // DELETED that no longer matches (the finalizing update also changed labels), or a MODIFIED
  // that left the selection.
  previous.metadata.resourceVersion = String(change.resourceVersion);
  return { type: "DELETED", object: previous };
}
