import type { KubeConfig } from "@kubernetes/client-node";
import type { KubeCaches } from "../kube/index.js";
import { kubeRequest } from "../kube/kube-request.js";

/** How long a Kubernetes API answer is reused, so frequent probes do not each call the API. */
const cacheMs = 1000;

/** What readiness looks at besides the Kubernetes API itself. */
export interface KubernetesReadinessOptions {
  /** The informer caches reads are served from. */
  readonly caches?: KubeCaches;
  /** CACHE_MAX_STALENESS in ms (0: no bound): a cache staler than this makes the server not ready. */
  readonly maxStalenessMs?: number;
}

/**
 * Readiness for /readyz: the Kubernetes API answers GET /version (answer reused for a second), and
 * every informer cache that has its first list is no staler than CACHE_MAX_STALENESS
 * — the same bound past which reads answer UNAVAILABLE, so a ready server is one whose reads
 * succeed. A failure rejects with a one-line reason.
 */
export function createKubernetesReadiness(kubeConfig: KubeConfig, options: KubernetesReadinessOptions = {}): () => Promise<void> {
  let last: { at: number; result: Promise<void> } | undefined;
  const apiAnswers = () => {
    const now = performance.now();
    if (!last || now - last.at > cacheMs) {
      const result = kubeRequest(kubeConfig, { method: "GET", path: "/version" }).then(
        () => undefined,
        (e: unknown) => {
          throw new Error(`Kubernetes API at ${kubeConfig.getCurrentCluster()?.server ?? "?"} is not reachable: ${describeFailure(e)}`);
        },
      );
      result.catch(() => {});
      last = { at: now, result };
    }
    return last.result;
  };
  return async () => {
    await apiAnswers();
    const bound = options.maxStalenessMs ?? 0;
    const started = options.caches?.started() ?? [];
    // The API answers: an informer still waiting out its retry backoff may reconnect now.
    for (const cache of started) if (cache.staleForMs() > 0) cache.retryNow();
    for (const cache of started) {
      // A cache still loading holds back only the calls that read it (they wait for it); one that
      // can never load (a kind the server may not list) must not take the whole server out of
      // rotation. Its metric kargo_api_kube_cache_synced says so.
      if (!cache.isSynced) continue;
      const stale = cache.staleForMs();
      if (bound > 0 && stale > bound) {
        throw new Error(
          `the ${cache.type.resource} cache has been out of touch with the Kubernetes API for ${Math.round(stale / 1000)} s (CACHE_MAX_STALENESS ${Math.round(bound / 1000)} s)`,
        );
      }
    }
  };
}

// fetch says only "fetch failed"; the reason (ECONNREFUSED, a TLS error …) is its cause.
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message.split("\n")[0]}${cause}`;
}
