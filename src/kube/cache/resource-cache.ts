import { Code, ConnectError } from "@connectrpc/connect";
import type { KubeConfig } from "@kubernetes/client-node";
import { compareResourceVersions, newerResourceVersion } from "../compare-resource-versions.js";
import { resourcePath, type ResourceType } from "../kargo-resources.js";
import type { KubeObject } from "../kube-object.js";
import { kubeRequest } from "../kube-request.js";
import type { CacheEvent, CacheListener } from "./cache-event.js";
import { EventRing } from "./event-ring.js";
import { startReflector } from "./start-reflector.js";
import { watchHistory, type HistoryHandlers } from "./watch-history.js";
import { releaseUnusedMemorySoon } from "../../util/release-unused-memory.js";
import { markStartup } from "../../util/startup-timeline.js";

/** Computes the index keys of an object (e.g. its alias label); [] when it has none. */
export type IndexFunction = (object: KubeObject) => readonly string[];

/**
 * An in-memory mirror of every object of one resource type, kept by one shared informer (list +
 * watch over all namespaces). Get/List/Query RPCs read it once synced, without any Kubernetes
 * request. Objects are deep-frozen and shared: read them, never modify them.
 */
export interface ResourceCache {
  readonly type: ResourceType;
  /** Resolves once the first full list is in the cache (retries until it succeeds; never rejects). */
  readonly synced: Promise<void>;
  readonly isSynced: boolean;
  /** The version of the last list, event or bookmark seen: the cache reflects Kubernetes at it. */
  readonly resourceVersion: string;
  /** The last list or watch failure, until the next success; for readiness and logs. */
  readonly lastError: unknown;
  /**
   * How far behind Kubernetes the cache may be, in milliseconds: 0 while its watch is connected,
   * else the time since the watch was lost (see Reflector.staleForMs).
   */
  staleForMs(): number;
  /** Watches re-opened after a failure or an expired version, since the start. */
  readonly watchRestarts: number;
  /** Retries now if the informer is waiting out a backoff after a failure (the API is back). */
  retryNow(): void;
  /**
   * One object; `namespace` is ignored for cluster-scoped types. get, list and byIndex throw
   * UNAVAILABLE while the cache is staler than `maxStalenessMs`: no read serves older data.
   */
  get(namespace: string | undefined, name: string): KubeObject | undefined;
  /**
   * Objects of one namespace (or of all, ordered by namespace then name when `namespace` is
   * undefined or ""), ordered by name, optionally filtered.
   */
  list(namespace?: string, filter?: (object: KubeObject) => boolean): readonly KubeObject[];
  /**
   * Declares an index (idempotent per name: the first function wins). Kept up to date on every
   * change; byIndex answers in O(matches).
   */
  addIndex(name: string, keysOf: IndexFunction): void;
  /**
   * Every object held, whatever the cache's staleness: for views derived from the cache that follow
   * its events (the claims index), which are exactly as current as the cache. Reads that answer
   * callers use get/list/byIndex, which respect the staleness bound.
   */
  held(): readonly KubeObject[];
  /** Objects whose index `name` has `key`, ordered by namespace and name; optionally in one namespace. */
  byIndex(name: string, key: string, namespace?: string): readonly KubeObject[];
  /** Changes after `resourceVersion` still held (see EventRing.since); throws ExpiredResourceVersionError. */
  eventsSince(resourceVersion: string): CacheEvent[];
  /** Every change after this version is held for eventsSince ("" until synced). */
  readonly oldestResumable: string;
  /**
   * The changes after `resourceVersion` (in `namespace`, or all) from the Kubernetes API's own
   * history, for resumes older than `oldestResumable` (see watch-history.ts). Returns the stop function.
   */
  watchHistory(resourceVersion: string, namespace: string | undefined, handlers: HistoryHandlers): () => void;
  /** The Kubernetes API's current resourceVersion (a one-item LIST of this type). */
  latestResourceVersion(signal?: AbortSignal): Promise<string>;
  /**
   * Resolves true once the cache has seen `resourceVersion` (or a newer one), false after
   * `timeoutMs`. Write paths use it for read-your-writes: KubeClient awaits it after each write
   * when given the caches, so a client's next Get/List/Watch sees its own write.
   */
  waitForVersion(resourceVersion: string, timeoutMs: number): Promise<boolean>;
  /** Resolves true once `condition` holds (checked now and after each change), false after `timeoutMs`. */
  waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean>;
  /** Receives every later change synchronously; returns the unsubscribe function. */
  addListener(listener: CacheListener): () => void;
  /** Stops the informer; the cache keeps its last state. */
  stop(): void;
}

/** Options of startResourceCache. */
export interface ResourceCacheOptions {
  /** Events kept for resuming watches. Default 1000. */
  ringSize: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  listChunkSize: number;
  /** Told about list/watch failures (the informer retries by itself). */
  onError?: (error: unknown, type: ResourceType) => void;
  /** Mirror this namespace only (default: all namespaces). */
  namespace?: string;
  /** Reads fail with UNAVAILABLE while the cache is staler than this (ms); 0 or absent: no bound. */
  maxStalenessMs?: number;
  /** Told when the informer's watch is back after a failure (see ReflectorOptions.onRecovered). */
  onRecovered?: () => void;
  /** A (re)list of at least this many objects schedules releaseUnusedMemorySoon (see KubeCachesOptions). */
  releaseMemoryAfterListOf: number;
}

interface NamespaceBucket {
  readonly objects: Map<string, KubeObject>;
  sorted: KubeObject[] | undefined;
}

interface Index {
  readonly keysOf: IndexFunction;
  /**
   * key → the objects held with that key. The held objects themselves, not "namespace/name"
   * strings: an object leaves by the identity the cache holds it with (store and remove pass the
   * held one), and a string per object and index was 3 MiB at 50,000 Freight.
   */
  readonly entries: Map<string, Set<KubeObject>>;
}

/** Starts the informer of `type` and returns its cache (not yet synced: await `synced`). */
export function startResourceCache(kubeConfig: KubeConfig, type: ResourceType, options: ResourceCacheOptions): ResourceCache {
  const buckets = new Map<string, NamespaceBucket>();
  let allSorted: KubeObject[] | undefined;
  const indexes = new Map<string, Index>();
  const listeners = new Set<CacheListener>();
  const waiters = new Set<() => void>();
  let ring: EventRing | undefined;
  let resourceVersion = "";
  let isSynced = false;
  let lastError: unknown;
  let markSynced!: () => void;
  const synced = new Promise<void>((resolve) => (markSynced = resolve));
  markStartup(`informer started ${type.resource}`);

  const nsOf = (object: KubeObject) => (type.namespaced ? (object.metadata.namespace ?? "") : "");

  function bucket(namespace: string): NamespaceBucket {
    let b = buckets.get(namespace);
    if (!b) buckets.set(namespace, (b = { objects: new Map(), sorted: undefined }));
    return b;
  }

  function indexAdd(index: Index, object: KubeObject): void {
    for (const key of index.keysOf(object)) {
      let entry = index.entries.get(key);
      if (!entry) index.entries.set(key, (entry = new Set()));
      entry.add(object);
    }
  }

  function indexRemove(index: Index, object: KubeObject): void {
    for (const key of index.keysOf(object)) {
      const entry = index.entries.get(key);
      entry?.delete(object);
      if (entry?.size === 0) index.entries.delete(key);
    }
  }

  /** Holds `object` in place of `previous`, the object held under its name (looked up when not given). */
  function store(object: KubeObject, previous = peekObject(object.metadata.namespace, object.metadata.name ?? "")): void {
    const b = bucket(nsOf(object));
    b.objects.set(object.metadata.name ?? "", object);
    b.sorted = undefined;
    allSorted = undefined;
    for (const index of indexes.values()) {
      if (previous) indexRemove(index, previous);
      indexAdd(index, object);
    }
  }

  function remove(object: KubeObject): void {
    const namespace = nsOf(object);
    const b = buckets.get(namespace);
    if (!b) return;
    const stored = b.objects.get(object.metadata.name ?? "");
    if (!stored) return;
    b.objects.delete(object.metadata.name ?? "");
    b.sorted = undefined;
    allSorted = undefined;
    if (b.objects.size === 0) buckets.delete(namespace);
    for (const index of indexes.values()) indexRemove(index, stored);
  }

  const reflector = startReflector(
    kubeConfig,
    type,
    {
      replace(items, listVersion) {
        buckets.clear();
        allSorted = undefined;
        for (const index of indexes.values()) index.entries.clear();
        for (const item of items) store(item);
        // Parsing a large list leaves the young generation grown and empty: return it once the
        // lists in a row are done (release-unused-memory.ts).
        if (items.length >= options.releaseMemoryAfterListOf) releaseUnusedMemorySoon();
        resourceVersion = listVersion;
        lastError = undefined;
        if (!ring) {
          ring = new EventRing(options.ringSize, listVersion);
        } else {
          // A relist: changes in between were not seen one by one, so nothing before it can be resumed.
          ring.reset(listVersion);
          for (const listener of [...listeners]) listener.reset(listVersion);
        }
        if (!isSynced) {
          isSynced = true;
          markStartup(`informer synced ${type.resource} (${items.length} objects)`);
          markSynced();
        }
        checkWaiters();
      },
      event(kind, object) {
        const previous = peekObject(object.metadata.namespace, object.metadata.name ?? "");
        const version = object.metadata.resourceVersion ?? "";
        // The same state again (can happen around a reconnect): nothing changed.
        if (kind !== "DELETED" && previous && previous.metadata.resourceVersion === version) return;
        if (kind === "DELETED") {
          if (!previous) return;
          remove(object);
        } else {
          store(object, previous);
        }
        const event: CacheEvent = { type: kind === "DELETED" ? "DELETED" : previous ? "MODIFIED" : "ADDED", object, previous, resourceVersion: version };
        resourceVersion = newerResourceVersion(resourceVersion, version);
        lastError = undefined;
        ring!.push(event);
        for (const listener of [...listeners]) listener.event(event);
        checkWaiters();
      },
      bookmark(version) {
        if ((compareResourceVersions(version, resourceVersion) ?? 1) <= 0) return;
        resourceVersion = version;
        for (const listener of [...listeners]) listener.bookmark(version);
        checkWaiters();
      },
      error(error) {
        lastError = error;
        options.onError?.(error, type);
      },
    },
    options,
  );

  function checkWaiters(): void {
    for (const check of [...waiters]) check();
  }

  function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    // A condition that reads a stale cache throws (assertFresh): not yet, rather than an exception
    // inside the informer's event delivery.
    const holds = () => {
      try {
        return condition();
      } catch {
        return false;
      }
    };
    if (isSynced && holds()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (!isSynced || !holds()) return;
        finish(true);
      };
      const finish = (result: boolean) => {
        clearTimeout(timer);
        waiters.delete(check);
        resolve(result);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      timer.unref();
      waiters.add(check);
    });
  }

  // The bound on how old the data a read serves may be (CACHE_MAX_STALENESS).
  function assertFresh(): void {
    const bound = options.maxStalenessMs ?? 0;
    if (bound <= 0) return;
    const stale = reflector.staleForMs();
    if (stale > bound) {
      throw new ConnectError(
        `this server has not heard from the Kubernetes API about ${type.resource} for ${Math.round(stale / 1000)} s (more than CACHE_MAX_STALENESS, ${Math.round(bound / 1000)} s); retry once it is reachable`,
        Code.Unavailable,
      );
    }
  }

  function get(namespace: string | undefined, name: string): KubeObject | undefined {
    assertFresh();
    return peekObject(namespace, name);
  }

  // Without the staleness check: the cache's own bookkeeping (events compare with the state held).
  function peekObject(namespace: string | undefined, name: string): KubeObject | undefined {
    return buckets.get(type.namespaced ? (namespace ?? "") : "")?.objects.get(name);
  }

  function sortedBucket(b: NamespaceBucket): KubeObject[] {
    return (b.sorted ??= [...b.objects.values()].sort(byName));
  }

  function list(namespace?: string, filter?: (object: KubeObject) => boolean): readonly KubeObject[] {
    assertFresh();
    return listHeld(namespace, filter);
  }

  function listHeld(namespace?: string, filter?: (object: KubeObject) => boolean): readonly KubeObject[] {
    let all: readonly KubeObject[];
    if (namespace && type.namespaced) {
      const b = buckets.get(namespace);
      all = b ? sortedBucket(b) : [];
    } else {
      all = allSorted ??= [...buckets.keys()].sort().flatMap((ns) => sortedBucket(buckets.get(ns)!));
    }
    return filter ? all.filter(filter) : all;
  }

  return {
    type,
    synced,
    get isSynced() {
      return isSynced;
    },
    get resourceVersion() {
      return resourceVersion;
    },
    get lastError() {
      return lastError;
    },
    staleForMs: () => reflector.staleForMs(),
    get watchRestarts() {
      return reflector.restarts;
    },
    retryNow: () => reflector.wake(),
    get,
    list,
    held: () => listHeld(),
    addIndex(name, keysOf) {
      if (indexes.has(name)) return;
      const index: Index = { keysOf, entries: new Map() };
      for (const object of listHeld()) indexAdd(index, object);
      indexes.set(name, index);
    },
    byIndex(name, key, namespace) {
      assertFresh();
      const index = indexes.get(name);
      if (!index) throw new Error(`no index "${name}" on ${type.resource}`);
      const entry = index.entries.get(key);
      if (!entry) return [];
      const matches = [...entry.values()].filter((o) => !namespace || !type.namespaced || o.metadata.namespace === namespace);
      return matches.sort((a, b) => byNamespace(a, b) || byName(a, b));
    },
    eventsSince(version) {
      if (!ring) throw new Error(`the ${type.resource} cache is not synced yet`);
      return ring.since(version);
    },
    get oldestResumable() {
      return ring?.floor ?? "";
    },
    watchHistory(version, namespace, handlers) {
      return watchHistory(kubeConfig, type, namespace || options.namespace, version, handlers);
    },
    async latestResourceVersion(signal) {
      const answer = (await kubeRequest(kubeConfig, { method: "GET", path: resourcePath(type, options.namespace), query: { limit: 1 }, signal })) as {
        metadata?: { resourceVersion?: string };
      };
      return answer.metadata?.resourceVersion ?? "";
    },
    waitUntil,
    waitForVersion(version, timeoutMs) {
      // Opaque versions cannot be ordered: wait until one equal to it has been seen.
      let seen = false;
      return waitUntil(() => {
        const order = compareResourceVersions(resourceVersion, version);
        seen ||= order === 0;
        return seen || (order !== undefined && order > 0);
      }, timeoutMs);
    },
    addListener(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      reflector.stop();
      listeners.clear();
      waiters.clear();
    },
  };
}

function byName(a: KubeObject, b: KubeObject): number {
  const x = a.metadata.name ?? "";
  const y = b.metadata.name ?? "";
  return x < y ? -1 : x > y ? 1 : 0;
}

function byNamespace(a: KubeObject, b: KubeObject): number {
  const x = a.metadata.namespace ?? "";
  const y = b.metadata.namespace ?? "";
  return x < y ? -1 : x > y ? 1 : 0;
}
