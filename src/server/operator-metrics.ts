import type { KubeConfig } from "@kubernetes/client-node";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { CacheStats } from "../auth/authorization/create-decision-cache.js";
import { observeKubeRequests, type KubeCaches } from "../kube/index.js";

/** What the operator metrics read. */
export interface OperatorMetricsSources {
  readonly caches: KubeCaches;
  /** Hit and miss counts of the authentication and authorization caches. */
  readonly authCaches: { readonly decisions: CacheStats; readonly tokenReviews: CacheStats };
}

/**
 * Registers the metrics an operator of Kubernetes mode alerts on (docs/deploy.md, "Metrics and
 * alerts"): how stale each informer cache is, how often its watch had to be re-opened, and the hit
 * rate of the authorization caches (the latency of requests to the Kubernetes API is
 * {@link observeKubeRequestLatency}'s). Cache and auth figures are read at scrape time from the objects that keep
 * them, so nothing on the request path pays for them.
 */
export function registerOperatorMetrics(registry: Registry, sources: OperatorMetricsSources): void {
  const { caches, authCaches } = sources;
  new Gauge({
    name: "kargo_api_kube_cache_staleness_seconds",
    help: "Seconds since the informer cache of a resource last knew it was current (0 while its watch is connected).",
    labelNames: ["resource"],
    registers: [registry],
    collect() {
      this.reset();
      for (const cache of caches.started()) this.set({ resource: cache.type.resource }, cache.staleForMs() / 1000);
    },
  });
  new Gauge({
    name: "kargo_api_kube_cache_synced",
    help: "1 once the informer cache of a resource has its first full list, else 0.",
    labelNames: ["resource"],
    registers: [registry],
    collect() {
      this.reset();
      for (const cache of caches.started()) this.set({ resource: cache.type.resource }, cache.isSynced ? 1 : 0);
    },
  });
  new Counter({
    name: "kargo_api_kube_watch_restarts_total",
    help: "Watches of the Kubernetes API re-opened after a failure or an expired resourceVersion, by resource.",
    labelNames: ["resource"],
    registers: [registry],
    collect() {
      this.reset();
      for (const cache of caches.started()) this.inc({ resource: cache.type.resource }, cache.watchRestarts);
    },
  });
  new Counter({
    name: "kargo_api_auth_cache_lookups_total",
    help: "Lookups in the access-decision and TokenReview caches, by cache and result (hit: answered without asking Kubernetes).",
    labelNames: ["cache", "result"],
    registers: [registry],
    collect() {
      this.reset();
      for (const [cache, stats] of [
        ["decisions", authCaches.decisions],
        ["token_reviews", authCaches.tokenReviews],
      ] as const) {
        this.inc({ cache, result: "hit" }, stats.hits);
        this.inc({ cache, result: "miss" }, stats.misses);
      }
    },
  });
}

/**
 * The latency of requests to the Kubernetes API made with `kubeConfig` (and configurations derived
 * from it), by HTTP method and status code. Attached before the first request, so the informers'
 * start-up lists are counted too.
 */
export function observeKubeRequestLatency(registry: Registry, kubeConfig: KubeConfig): void {
  const requests = new Histogram({
    name: "kargo_api_kube_request_duration_seconds",
    help: "Requests to the Kubernetes API (lists, writes, reviews; not the long-lived watches), by HTTP method and status code (`error`: no answer).",
    labelNames: ["verb", "code"],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  observeKubeRequests(kubeConfig, (verb, code, seconds) => requests.observe({ verb, code }, seconds));
}
