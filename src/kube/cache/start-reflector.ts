import type { KubeConfig } from "@kubernetes/client-node";
import { Watch } from "../client-node.js";
import { resourcePath, type ResourceType } from "../kargo-resources.js";
import type { KubeObject } from "../kube-object.js";
import { kubeRequest } from "../kube-request.js";
import { deepFreezeJson } from "../../util/deep-freeze.js";
import { openWatch, statusCodeOf } from "./open-watch.js";

/** Where a reflector delivers what it sees. */
export interface ReflectorHandlers {
  /** A full list (initial, or a relist after the watch expired). */
  replace(items: KubeObject[], resourceVersion: string): void;
  event(type: "ADDED" | "MODIFIED" | "DELETED", object: KubeObject): void;
  bookmark(resourceVersion: string): void;
  /** A list or watch failed; the reflector retries after a delay. */
  error(error: unknown): void;
}

/** Options of startReflector. */
export interface ReflectorOptions {
  /** First delay after a failure; doubles up to maxRetryDelayMs. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** Items per list request (Kubernetes `limit`, followed by `continue`). */
  listChunkSize: number;
  /** Mirror this namespace only (default: all namespaces). */
  namespace?: string;
  /**
   * Told when a watch is established after a failure: the API is reachable again, so the other
   * reflectors waiting out their backoff may retry now (KubeCaches wakes them).
   */
  onRecovered?: () => void;
}

/** A running reflector. */
export interface Reflector {
  /**
   * Milliseconds since the reflector last knew the cache to be current: 0 while its watch is
   * connected, else the time since the watch was lost (or since the start, before the first
   * watch). A connection that dies silently is noticed at the watch's inactivity timeout.
   */
  staleForMs(): number;
  /** Watches re-opened after a failure or an expired version (not the routine re-watches). */
  readonly restarts: number;
  /** Ends a backoff wait now, if one is running (the API is known to be back). */
  wake(): void;
  stop(): void;
}

/**
 * Keeps one resource type (all namespaces) mirrored: LIST, then WATCH from the list's
 * resourceVersion with bookmarks, re-watching from the last version seen when the watch ends
 * (client-node's 30 s inactivity timeout, server timeouts) and relisting only when Kubernetes
 * answers 410 Gone. The same loop as client-go's reflector; client-node's ListWatch is not used
 * because it neither reports bookmarks nor tells a relist from a resume, both of which watches
 * resuming from a resourceVersion need. Objects handed out are deep-frozen: caches share them
 * with every reader; a list's items also share their repeated strings and equal nested parts (deepFreezeJson).
 */
export function startReflector(kubeConfig: KubeConfig, type: ResourceType, handlers: ReflectorHandlers, options: ReflectorOptions): Reflector {
  const path = resourcePath(type, options.namespace);
  const watcher = new Watch(kubeConfig);
  let stopped = false;
  let resourceVersion = "";
  let delayMs = options.retryDelayMs;
  let current: AbortController | undefined;
  let sleeping: { timer: NodeJS.Timeout; resolve: () => void } | undefined;
  // When the cache stopped being known current; undefined while a watch is connected.
  let staleSince: number | undefined = performance.now();
  let restarts = 0;
  let failing = false;

  async function list(): Promise<void> {
    const items: KubeObject[] = [];
    // Each item shares its repeated strings and equal nested parts with the one before it (deepFreezeJson).
    let previous: KubeObject | undefined;
    let next: string | undefined;
    let listVersion = "";
    do {
      current = new AbortController();
      const answer = (await kubeRequest(kubeConfig, {
        method: "GET",
        path,
        query: { limit: options.listChunkSize, continue: next },
        signal: current.signal,
      })) as { items?: KubeObject[]; metadata?: { resourceVersion?: string; continue?: string } };
      for (const item of answer.items ?? []) items.push((previous = deepFreezeJson(item, previous)));
      listVersion = answer.metadata?.resourceVersion ?? "";
      next = answer.metadata?.continue || undefined;
    } while (next && !stopped);
    if (stopped) return;
    // A full list is current as of now (before replace: its listeners read the cache).
    staleSince = undefined;
    handlers.replace(items, listVersion);
    resourceVersion = listVersion;
  }

  /** Resolves when the watch ends: true when it saw events (the connection was healthy). */
  async function watch(): Promise<boolean> {
    const outcome = await openWatch(
      watcher,
      path,
      resourceVersion,
      {
        event(phase, object) {
          resourceVersion = object.metadata?.resourceVersion ?? resourceVersion;
          handlers.event(phase, object);
        },
        bookmark(version) {
          resourceVersion = version;
          handlers.bookmark(version);
        },
      },
      {
        isStopped: () => stopped,
        onController: (controller) => {
          current = controller;
          // The watch is established from the version the cache holds: current from here on.
          staleSince = undefined;
          if (failing) {
            failing = false;
            options.onRecovered?.();
          }
        },
      },
    ).finally(() => {
      current = undefined;
      staleSince ??= performance.now();
    });
    switch (outcome.end) {
      case "expired":
        resourceVersion = "";
        restarts++;
        return true;
      case "timeout":
        return true;
      case "ended":
        return outcome.sawEvents;
    }
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (stopped) return resolve();
      const timer = setTimeout(() => {
        sleeping = undefined;
        resolve();
      }, ms);
      // A retry pending must not keep the process alive on its own.
      timer.unref();
      sleeping = { timer, resolve };
    });
  }

  void (async () => {
    while (!stopped) {
      try {
        if (resourceVersion === "") await list();
        if (stopped) break;
        const healthy = await watch();
        // A watch that ends without a single event (not even a bookmark) is suspicious: back off.
        if (healthy) delayMs = options.retryDelayMs;
        else await sleep(Math.min((delayMs *= 2), options.maxRetryDelayMs));
      } catch (error) {
        if (stopped) break;
        if (statusCodeOf(error) === 410) resourceVersion = "";
        staleSince ??= performance.now();
        restarts++;
        failing = true;
        handlers.error(error);
        await sleep(delayMs);
        delayMs = Math.min(delayMs * 2, options.maxRetryDelayMs);
      }
    }
  })();

  return {
    staleForMs: () => (staleSince === undefined || stopped ? 0 : performance.now() - staleSince),
    get restarts() {
      return restarts;
    },
    wake() {
      if (sleeping) {
        clearTimeout(sleeping.timer);
        sleeping.resolve();
        sleeping = undefined;
      }
    },
    stop() {
      stopped = true;
      current?.abort();
      if (sleeping) {
        clearTimeout(sleeping.timer);
        sleeping.resolve();
      }
    },
  };
}
