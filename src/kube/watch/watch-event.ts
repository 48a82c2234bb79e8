import type { ResourceType } from "../kargo-resources.js";
import type { KubeObject } from "../kube-object.js";

/** One message of a watch stream, before conversion to the RPC's Watch*Response. */
export interface WatchEvent {
  type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK";
  /** Unset for BOOKMARK. For DELETED, the last state (or the state that stopped matching). */
  object?: KubeObject;
  /**
   * Resume point. Live events and BOOKMARKs: every change up to it has been delivered. Snapshot
   * ADDED events carry their object's version; the BOOKMARK ending the snapshot is the first
   * safe resume point of a fresh watch.
   */
  resourceVersion: string;
}

/** What to watch. */
export interface WatchRequest {
  type: ResourceType;
  /** One namespace (project), or all when unset/"" (and for cluster-scoped types). */
  namespace?: string;
  /**
   * In-process filter (stage of a promotion, origin of freight, one name …). An object that
   * stops matching is sent as DELETED, one that starts matching as ADDED.
   */
  filter?: (object: KubeObject) => boolean;
  /**
   * Resume after this version: no snapshot, every matching change after it exactly once.
   * Unset, "" or "0": snapshot (ADDED per matching object), then a BOOKMARK, then live changes.
   */
  resourceVersion?: string;
}

/** Per-subscription settings (hub defaults apply to what is unset). */
export interface SubscribeOptions {
  /** The RPC's signal: aborting it ends the iteration and removes the subscriber. */
  signal?: AbortSignal;
  /** Live events held for a consumer that has not read them; past it WatchBufferOverflowError. */
  bufferLimit?: number;
  /** Interval of heartbeat BOOKMARKs. */
  heartbeatMs?: number;
}
