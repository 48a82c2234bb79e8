import type { KubeCaches } from "../cache/kube-caches.js";
import type { ResourceType } from "../kargo-resources.js";
import { Subscription } from "./subscription.js";
import type { SubscribeOptions, WatchRequest } from "./watch-event.js";

/** Options of createWatchHub; every field has a default. */
export interface WatchHubOptions {
  /** Interval of heartbeat BOOKMARKs. Default 15 s, as WATCH_HEARTBEAT_INTERVAL (src/config/settings.ts). */
  heartbeatMs: number;
  /** Live events held per slow subscriber before it is cut off. Default 1000. */
  bufferLimit: number;
}

const DEFAULTS: WatchHubOptions = Object.freeze({ heartbeatMs: 15_000, bufferLimit: 1000 });

/** Serves every Watch* stream from the shared informer caches. */
export interface WatchHub {
  /**
   * A watch stream: without resourceVersion, ADDED for each matching object, a BOOKMARK ending
   * the snapshot, then live ADDED/MODIFIED/DELETED and heartbeat BOOKMARKs; with one, the changes
   * after it (no snapshot, no gap, no duplicate) — from the informer's ring, or, when older than
   * the ring, replayed from the Kubernetes API's history first. Iteration throws
   * ExpiredResourceVersionError (version older than the Kubernetes API's history or newer than it
   * has issued, or the informer had to relist) or WatchBufferOverflowError (consumer too
   * slow); it ends when `signal` aborts or the consumer stops iterating. serveWatch maps both
   * errors to Connect codes.
   */
  subscribe(request: WatchRequest, options?: SubscribeOptions): Subscription;
  /** Open subscriptions, of one type or of all. */
  subscriberCount(type?: ResourceType): number;
  /** Live events held for all subscribers together (bounded by subscribers × bufferLimit). */
  bufferedEvents(): number;
}

/**
 * Creates the watch hub: never one Kubernetes watch per client, every subscription listens to the
 * one informer of its type (KubeCaches), which also keeps the ring of recent events for resumes.
 */
export function createWatchHub(caches: KubeCaches, options: Partial<WatchHubOptions> = {}): WatchHub {
  const settings: WatchHubOptions = Object.freeze({ ...DEFAULTS, ...options });
  const open = new Set<Subscription>();
  const typeOf = new Map<Subscription, ResourceType>();

  return {
    subscribe(request, subscribeOptions = {}) {
      const subscription: Subscription = new Subscription(caches.cache(request.type), request, {
        bufferLimit: subscribeOptions.bufferLimit ?? settings.bufferLimit,
        heartbeatMs: subscribeOptions.heartbeatMs ?? settings.heartbeatMs,
        signal: subscribeOptions.signal,
        onClose: () => {
          open.delete(subscription);
          typeOf.delete(subscription);
        },
      });
      if (!subscribeOptions.signal?.aborted) {
        open.add(subscription);
        typeOf.set(subscription, request.type);
      }
      return subscription;
    },
    subscriberCount(type) {
      if (!type) return open.size;
      let count = 0;
      for (const t of typeOf.values()) if (t === type) count++;
      return count;
    },
    bufferedEvents() {
      let total = 0;
      for (const s of open) total += s.buffered;
      return total;
    },
  };
}
