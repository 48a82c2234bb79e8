import type { KubeConfig } from "@kubernetes/client-node";
import { LARGE_LIST_OBJECTS } from "../../util/release-unused-memory.js";
import type { ResourceType } from "../kargo-resources.js";
import { startResourceCache, type ResourceCache, type ResourceCacheOptions } from "./resource-cache.js";

/** Options of createKubeCaches; every field has a default. */
export interface KubeCachesOptions {
  /** Events per type kept for watches resuming from a resourceVersion. Default 1000. */
  ringSize: number;
  /** First retry delay after a list/watch failure (doubling). Default 500 ms. */
  retryDelayMs: number;
  /** Longest retry delay. Default 30 s. */
  maxRetryDelayMs: number;
  /** Items per list request during (re)lists. Default 500. */
  listChunkSize: number;
  /** Told about list/watch failures; the informers retry by themselves. */
  onError?: (error: unknown, type: ResourceType) => void;
  /**
   * Types mirrored in one namespace only, by resource name (e.g. `{ leases: "kargo" }`: the
   * controllers' heartbeats, not every node's Lease; and the server needs rights there only).
   */
  namespaceScopes?: Readonly<Record<string, string>>;
  /** Reads fail with UNAVAILABLE while a cache is staler than this (ms); 0: no bound. Default 0. */
  maxStalenessMs: number;
  /**
   * A (re)list of at least this many objects is followed by one memory-reducing collection
   * (src/util/release-unused-memory.ts). Default 5,000.
   */
  releaseMemoryAfterListOf: number;
}

const DEFAULTS: Omit<KubeCachesOptions, "onError" | "namespaceScopes"> = Object.freeze({
  ringSize: 1000,
  retryDelayMs: 500,
  maxRetryDelayMs: 30_000,
  listChunkSize: 500,
  maxStalenessMs: 0,
  releaseMemoryAfterListOf: LARGE_LIST_OBJECTS,
});

/** The informer caches of the API server: one per resource type, shared by every reader and watch. */
export interface KubeCaches {
  /** The cache of `type`, its informer started on first use (await `synced` before reading). */
  cache(type: ResourceType): ResourceCache;
  /** Starts the informers of `types` and resolves once all are synced (e.g. at start-up). */
  start(types: readonly ResourceType[]): Promise<void>;
  /** The cache of `type` if its informer was started, without starting it. */
  peek(type: ResourceType): ResourceCache | undefined;
  /** Caches started so far (for readiness and metrics). */
  started(): ResourceCache[];
  /** Stops every informer. */
  stop(): void;
}

/**
 * Creates the registry of informer caches. Exactly one informer (one Kubernetes watch) per
 * resource type however many services, reads and Watch streams use it.
 */
export function createKubeCaches(kubeConfig: KubeConfig, options: Partial<KubeCachesOptions> = {}): KubeCaches {
  const { namespaceScopes = {}, ...rest } = options;
  const merged: ResourceCacheOptions = Object.freeze({ ...DEFAULTS, ...rest });
  const caches = new Map<ResourceType, ResourceCache>();
  let stopped = false;

  // One informer that reconnects after an outage wakes the others from their backoff, so all
  // caches are current again about as soon as the API is back, not up to maxRetryDelayMs later.
  const perCache: ResourceCacheOptions = Object.freeze({ ...merged, onRecovered: () => caches.forEach((c) => c.retryNow()) });

  function cache(type: ResourceType): ResourceCache {
    if (stopped) throw new Error("the caches are stopped");
    let existing = caches.get(type);
    if (!existing) {
      const scope = namespaceScopes[type.resource];
      caches.set(type, (existing = startResourceCache(kubeConfig, type, scope ? { ...perCache, namespace: scope } : perCache)));
    }
    return existing;
  }

  return {
    cache,
    async start(types) {
      await Promise.all(types.map((t) => cache(t).synced));
    },
    peek: (type) => caches.get(type),
    started: () => [...caches.values()],
    stop() {
      stopped = true;
      for (const c of caches.values()) c.stop();
    },
  };
}
