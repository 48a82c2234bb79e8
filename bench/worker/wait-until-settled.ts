import type { KubeConfig } from "@kubernetes/client-node";
import { Watch } from "../../src/kube/client-node.js";
import { kubeRequest } from "../../src/kube/kube-request.js";

/** The `settle` call after start-up: no Stage or Freight changed for `quietMs` (BenchSizes.settleQuietMs), at most 3 minutes. */
export function settleArgs(quietMs: number): { resources: readonly ["stages", "freights"]; quietMs: number; timeoutMs: number } {
  return { resources: ["stages", "freights"], quietMs, timeoutMs: 180_000 };
}

/** How the seeded objects settled: changes seen, and whether they stopped before the timeout. */
export interface Settled {
  readonly ms: number;
  readonly changes: number;
  readonly settled: boolean;
}

/**
 * Waits until no object under `paths` (e.g. every Stage and every Freight) has changed for
 * `quietMs`, at most `timeoutMs`. The embedded controllers reconcile freshly seeded objects
 * (status fields, promotion windows) for a while after start-up; figures taken meanwhile measure
 * that work as well. Watches each path from the current version (one LIST of one item, then a
 * WATCH) through the server's own kubeconfig; `quietMs` should exceed a controller pass.
 */
export async function waitUntilSettled(kubeConfig: KubeConfig, paths: readonly string[], quietMs: number, timeoutMs: number): Promise<Settled> {
  const started = performance.now();
  let changes = 0;
  let lastChange = performance.now();
  const watcher = new Watch(kubeConfig);
  const controllers: AbortController[] = [];
  try {
    for (const path of paths) {
      const head = (await kubeRequest(kubeConfig, { method: "GET", path, query: { limit: 1 } })) as { metadata?: { resourceVersion?: string } };
      controllers.push(
        await watcher.watch(
          path,
          { resourceVersion: head.metadata?.resourceVersion ?? "", allowWatchBookmarks: true },
          (phase) => {
            if (phase === "ADDED" || phase === "MODIFIED" || phase === "DELETED") {
              changes++;
              lastChange = performance.now();
            }
          },
          () => {},
        ),
      );
    }
    for (;;) {
      const now = performance.now();
      if (now - lastChange >= quietMs) return { ms: now - started, changes, settled: true };
      if (now - started >= timeoutMs) return { ms: now - started, changes, settled: false };
      await new Promise((resolve) => setTimeout(resolve, Math.min(250, quietMs)));
    }
  } finally {
    for (const controller of controllers) controller.abort();
  }
}
