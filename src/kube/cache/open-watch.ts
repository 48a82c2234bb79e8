import type { Watch } from "@kubernetes/client-node";
import type { KubeObject } from "../kube-object.js";
import { deepFreeze } from "../../util/deep-freeze.js";

/** How one Kubernetes watch request ended, when it did not fail. */
export interface WatchOutcome {
  /**
   * `expired`: Kubernetes answered 410 Gone (in the stream or as the HTTP status), the version is
   * older than its history; `timeout`: client-node's inactivity timeout (a quiet type on a cluster
   * that sends few bookmarks); `ended`: the server closed the stream (or it was stopped).
   */
  readonly end: "expired" | "timeout" | "ended";
  /** Whether any event or bookmark arrived (the connection was healthy). */
  readonly sawEvents: boolean;
}

/** Where one watch request delivers what it sees, in order. */
export interface OpenWatchHandlers {
  /** A change; the object is deep-frozen (caches and watch streams share it). */
  event(type: "ADDED" | "MODIFIED" | "DELETED", object: KubeObject): void;
  bookmark(resourceVersion: string): void;
}

/** Options of openWatch. */
export interface OpenWatchOptions {
  /** True once the caller stopped: later events are ignored and a failure is not one. */
  readonly isStopped: () => boolean;
  /**
   * Receives the request's AbortController once the stream is open (the API answered 200), to stop
   * it; never for a request that failed.
   */
  readonly onController: (controller: AbortController) => void;
}

/**
 * One Kubernetes watch request on `path` from `resourceVersion` ("" for now), with bookmarks,
 * through client-node's Watch. Resolves with how it ended; rejects on any other failure. Shared by
 * the informers (start-reflector) and by watch resumes older than an informer's ring, which ask
 * the Kubernetes API to replay its own history (watch-history).
 */
export function openWatch(
  watcher: Watch,
  path: string,
  resourceVersion: string,
  handlers: OpenWatchHandlers,
  options: OpenWatchOptions,
): Promise<WatchOutcome> {
  return new Promise((resolve, reject) => {
    let sawEvents = false;
    let expired = false;
    let finished = false;
    const done = (error: unknown) => {
      finished = true;
      if (expired || statusCodeOf(error) === 410) {
        resolve({ end: "expired", sawEvents });
      } else if ((error as { name?: string } | null)?.name === "TimeoutError") {
        resolve({ end: "timeout", sawEvents });
      } else if (error && !options.isStopped()) {
        reject(error);
      } else {
        resolve({ end: "ended", sawEvents });
      }
    };
    const onEvent = (phase: string, object: KubeObject & { code?: number }) => {
      if (options.isStopped()) return;
      sawEvents = true;
      switch (phase) {
        case "ADDED":
        case "MODIFIED":
        case "DELETED":
          handlers.event(phase, deepFreeze(object));
          break;
        case "BOOKMARK":
          if (typeof object.metadata?.resourceVersion === "string") handlers.bookmark(object.metadata.resourceVersion);
          break;
        case "ERROR":
          // In-stream Status; 410 Expired means the version fell out of the API's history.
          if (object.code === 410) expired = true;
          break;
      }
    };
    // client-node resolves with the controller once the response arrived, and also after a failed
    // request (having called done with the error first): only a live stream is "connected".
    watcher.watch(path, { resourceVersion, allowWatchBookmarks: true }, onEvent, done).then((controller) => {
      if (options.isStopped() || finished) controller.abort();
      else options.onController(controller);
    }, reject);
  });
}

/** The HTTP status of a client-node or fetch failure, if it has one. */
export function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  return typeof code === "number" ? code : typeof statusCode === "number" ? statusCode : undefined;
}
