import type { ObjectKey } from "./object-key.js";

/** The kinds of change the store records; BOOKMARK is a watch-only event. */
export type ChangeType = "ADDED" | "MODIFIED" | "DELETED";

/**
 * One committed change, as kept in the history table and handed to watchers. Objects stay JSON
 * text so every watcher parses its own copy (a listener mutating its event cannot affect others).
 */
export interface ObjectChange {
  resourceVersion: number;
  type: ChangeType;
  key: ObjectKey;
  /** The object after the change; for DELETED, its last state with the deletion's version. */
  data: string;
  /**
   * For MODIFIED and DELETED: the object before the change. A DELETED made by the update that
   * removed the last finalizer differs from its previous state (labels may change in that update).
   */
  prev?: string;
}
