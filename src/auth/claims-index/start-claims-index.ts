import { CoreV1Api, makeInformer, type KubeConfig, type V1Namespace, type V1ServiceAccount } from "@kubernetes/client-node";
import { createClaimsIndex, type ClaimsIndex } from "./claims-index.js";

/** A running claims index and how to stop it. */
export interface RunningClaimsIndex {
  readonly index: ClaimsIndex;
  /** Stops both informers. */
  stop(): Promise<void>;
}

/** What else wants to hear of the informers' events. */
export interface ClaimsIndexHooks {
  /** A ServiceAccount was deleted (its tokens are revoked: cached acceptances must go). */
  readonly onServiceAccountDeleted?: (namespace: string, name: string) => void;
}

// After a list or watch failure client-node's informer stops; start it again after this delay.
const RESTART_DELAY_MS = 1_000;

/**
 * Starts the claims index: one ServiceAccount informer (all namespaces) and one Namespace informer
 * (to know which are projects) keep it current, so no request lists ServiceAccounts. Resolves once
 * both initial lists are in the index.
 */
export async function startClaimsIndex(
  kubeConfig: KubeConfig,
  globalNamespaces: readonly string[],
  hooks: ClaimsIndexHooks = {},
): Promise<RunningClaimsIndex> {
  const index = createClaimsIndex(globalNamespaces);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const serviceAccounts = makeInformer<V1ServiceAccount>(kubeConfig, "/api/v1/serviceaccounts", () => core.listServiceAccountForAllNamespaces());
  serviceAccounts.on("add", (sa) => index.upsertServiceAccount(sa));
  serviceAccounts.on("update", (sa) => index.upsertServiceAccount(sa));
  serviceAccounts.on("delete", (sa) => {
    index.deleteServiceAccount(sa);
    if (sa.metadata?.namespace && sa.metadata.name) hooks.onServiceAccountDeleted?.(sa.metadata.namespace, sa.metadata.name);
  });
  // All namespaces rather than a label-selected watch: a namespace losing the label must be seen
  // as such, which a selector-filtered watch need not report.
  const namespaces = makeInformer<V1Namespace>(kubeConfig, "/api/v1/namespaces", () => core.listNamespace());
  namespaces.on("add", (ns) => index.upsertNamespace(ns));
  namespaces.on("update", (ns) => index.upsertNamespace(ns));
  namespaces.on("delete", (ns) => index.deleteNamespace(ns));

  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  for (const informer of [serviceAccounts, namespaces]) {
    informer.on("error", () => {
      if (stopped) {
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopped) {
          void informer.start();
        }
      }, RESTART_DELAY_MS);
      timers.add(timer);
    });
  }
  await Promise.all([serviceAccounts.start(), namespaces.start()]);
  return {
    index,
    async stop() {
      stopped = true;
      for (const timer of timers) {
        clearTimeout(timer);
      }
      await Promise.all([serviceAccounts.stop(), namespaces.stop()]);
    },
  };
}
