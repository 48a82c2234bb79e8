import type { ObjectKey } from "./object-key.js";
import type { StoreContext } from "./store-context.js";
import type { DeleteOptions, KubeObject } from "./types.js";

/**
 * Removes an object for good (DELETED event) and schedules what follows in the background: its
 * dependents are deleted, or orphaned under the Orphan policy, and a terminating namespace it
 * was in is re-checked for emptiness.
 */
export function removeObject(
  context: StoreContext,
  key: ObjectKey,
  finalState: KubeObject,
  previous: { data: string; object: KubeObject },
  policy: DeleteOptions["propagationPolicy"],
): KubeObject {
  context.writer.write([{ type: "DELETED", key, object: finalState, previous }]);
  const uid = finalState.metadata.uid;
  if (uid !== undefined) {
    if (policy === "Orphan") {
      context.collector.orphanDependents(uid);
    } else {
      // Foreground is served as Background: the owner goes first, dependents right after.
      context.collector.deleteDependents(uid);
    }
  }
  if (key.namespace !== "") {
    context.collector.checkNamespace(key.namespace);
  }
  return finalState;
}
