import type { KubeObject } from "../kube-object.js";

/** A change the informer of one resource type saw, in arrival order. */
export interface CacheEvent {
  type: "ADDED" | "MODIFIED" | "DELETED";
  /** The new state; for DELETED the last state (with the deletion's resourceVersion). */
  object: KubeObject;
  /** The state before this event, if the cache knew the object: lets filters see "stopped matching". */
  previous: KubeObject | undefined;
  /** Resume point after this event: the object's metadata.resourceVersion. */
  resourceVersion: string;
}

/** Receives a cache's changes synchronously, in order. */
export interface CacheListener {
  event(event: CacheEvent): void;
  /** The informer saw a newer resourceVersion with no change to this type (watch BOOKMARK). */
  bookmark(resourceVersion: string): void;
  /**
   * The informer lost continuity (watch expired, 410) and relisted: the cache is consistent again
   * but changes in between were not seen one by one. Watches must end with OUT_OF_RANGE.
   */
  reset(resourceVersion: string): void;
}
