import { Code, ConnectError } from "@connectrpc/connect";
import type { KubeConfig } from "@kubernetes/client-node";
import { Watch } from "../client-node.js";
import { resourcePath, type ResourceType } from "../kargo-resources.js";
import { ExpiredResourceVersionError } from "../watch/expired-resource-version-error.js";
import { openWatch, type OpenWatchHandlers } from "./open-watch.js";

/** Where a history watch delivers what it sees, in order. */
export interface HistoryHandlers extends OpenWatchHandlers {
  /**
   * The watch cannot go on: ExpiredResourceVersionError when the Kubernetes API no longer has the
   * version (410 Gone), otherwise the failure. Nothing is delivered after it.
   */
  fail(error: unknown): void;
}

/**
 * The changes of one resource type (in one namespace, or all) after `resourceVersion`, from the
 * Kubernetes API's own history: a watch from that version, which kube-apiserver serves from its
 * watch cache (its window of recent changes) and the embedded control plane from its change
 * history, exactly as for any client resuming a watch. Used for watch resumes older than what an
 * informer's ring holds (after an API server restart, say). When the server ends the stream it watches again from the last
 * version seen; a 410 Gone ends it with ExpiredResourceVersionError (the client must relist).
 * Returns the function that stops it.
 */
export function watchHistory(
  kubeConfig: KubeConfig,
  type: ResourceType,
  namespace: string | undefined,
  resourceVersion: string,
  handlers: HistoryHandlers,
): () => void {
  const path = resourcePath(type, namespace);
  const watcher = new Watch(kubeConfig);
  let stopped = false;
  let current: AbortController | undefined;
  let version = resourceVersion;

  void (async () => {
    while (!stopped) {
      let outcome;
      try {
        outcome = await openWatch(
          watcher,
          path,
          version,
          {
            event(phase, object) {
              version = object.metadata.resourceVersion ?? version;
              handlers.event(phase, object);
            },
            bookmark(bookmarked) {
              version = bookmarked;
              handlers.bookmark(bookmarked);
            },
          },
          { isStopped: () => stopped, onController: (controller) => (current = controller) },
        );
      } catch (error) {
        if (!stopped) handlers.fail(error);
        return;
      }
      if (stopped) return;
      if (outcome.end === "expired") {
        handlers.fail(
          new ExpiredResourceVersionError(resourceVersion, `resource version "${resourceVersion}" is older than the Kubernetes API's history; list again`),
        );
        return;
      }
      // A server that ends the stream at once, again and again, is not healthy: let the client
      // retry (from its last version) rather than spin here.
      if (outcome.end === "ended" && !outcome.sawEvents) {
        handlers.fail(new ConnectError(`the Kubernetes watch of ${type.resource} ended without an event`, Code.Unavailable));
        return;
      }
    }
  })();

  return () => {
    stopped = true;
    current?.abort();
  };
}
