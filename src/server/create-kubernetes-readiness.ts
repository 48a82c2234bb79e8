import { KubeConfig, VersionApi } from "@kubernetes/client-node";

/** How long a readiness answer is reused, so frequent probes do not each call the Kubernetes API. */
const cacheMs = 1000;

/**
 * Readiness for /readyz: the Kubernetes API answers GET /version. The
 * answer is cached for a second; a failure rejects with a one-line reason.
 */
export function createKubernetesReadiness(kubeConfig: KubeConfig): () => Promise<void> {
  const api = kubeConfig.makeApiClient(VersionApi);
  let last: { at: number; result: Promise<void> } | undefined;
  return () => {
    const now = performance.now();
    if (!last || now - last.at > cacheMs) {
      const result = api.getCode().then(
        () => undefined,
        (e: unknown) => {
          throw new Error(`Kubernetes API at ${kubeConfig.getCurrentCluster()?.server ?? "?"} is not reachable: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
        },
      );
      result.catch(() => {});
      last = { at: now, result };
    }
    return last.result;
  };
}
