import { RESOURCES, type KubeCaches } from "../../kube/index.js";
import { TOKENS_REVOKED_ANNOTATION } from "../../rbac/kargo-role-keys.js";
import { createClaimsIndex, type ClaimsIndex } from "./claims-index.js";

/** A claims index kept current from the shared caches, and how to stop following them. */
export interface RunningClaimsIndex {
  readonly index: ClaimsIndex;
  /** Stops following the caches (the caches themselves belong to the server). */
  stop(): void;
}

/** What else wants to hear of ServiceAccount changes. */
export interface ClaimsIndexHooks {
  /**
   * The tokens of this ServiceAccount may have been revoked: it was deleted, or DeleteAPIToken (on
   * any replica) stamped it. Cached acceptances of its tokens must go.
   */
  readonly onServiceAccountTokensRevoked?: (namespace: string, name: string) => void;
  /**
   * A cache relisted: changes in between were not seen one by one, so any ServiceAccount may have
   * been deleted meanwhile. Every cached token acceptance must go.
   */
  readonly onResync?: () => void;
}

/**
 * Feeds a claims index from the server's shared ServiceAccount and Namespace caches (the same
 * watches every read uses; no informer of its own), so no request lists ServiceAccounts. Resolves
 * once both caches have their first list and the index holds it.
 */
export async function feedClaimsIndex(caches: KubeCaches, globalNamespaces: readonly string[], hooks: ClaimsIndexHooks = {}): Promise<RunningClaimsIndex> {
  const index = createClaimsIndex(globalNamespaces);
  const serviceAccounts = caches.cache(RESOURCES.serviceaccounts);
  const namespaces = caches.cache(RESOURCES.namespaces);
  await Promise.all([serviceAccounts.synced, namespaces.synced]);

  // After the first sync or a relist of either cache. `held()`: a relist of one cache may come while
  // the other is out of touch, and a bounded read would throw inside the informer's delivery.
  const reload = () => {
    index.clear();
    for (const sa of serviceAccounts.held()) index.upsertServiceAccount(sa);
    for (const ns of namespaces.held()) index.upsertNamespace(ns);
  };
  reload();
  const unsubscribe = [
    serviceAccounts.addListener({
      event({ type, object, previous }) {
        if (type === "DELETED") {
          index.deleteServiceAccount(object);
        } else {
          index.upsertServiceAccount(object);
        }
        const revoked =
          type === "DELETED" || object.metadata.annotations?.[TOKENS_REVOKED_ANNOTATION] !== previous?.metadata.annotations?.[TOKENS_REVOKED_ANNOTATION];
        if (revoked && object.metadata.namespace && object.metadata.name)
          hooks.onServiceAccountTokensRevoked?.(object.metadata.namespace, object.metadata.name);
      },
      bookmark() {},
      reset() {
        reload();
        hooks.onResync?.();
      },
    }),
    namespaces.addListener({
      event({ type, object }) {
        if (type === "DELETED") index.deleteNamespace(object);
        else index.upsertNamespace(object);
      },
      bookmark() {},
      reset: reload,
    }),
  ];
  return { index, stop: () => unsubscribe.forEach((stop) => stop()) };
}
