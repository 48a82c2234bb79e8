import type { KubeConfig } from "@kubernetes/client-node";
import { createKubeCaches, type KubeCaches, type KubeCachesOptions } from "../../src/kube/cache/kube-caches.js";
import { createKubeClient, type KubeClient } from "../../src/kube/kube-client.js";
import { createWatchHub, type WatchHub, type WatchHubOptions } from "../../src/kube/watch/watch-hub.js";
import { useEmbeddedControlPlane, type EmbeddedControlPlaneFixture } from "../embedded/support/use-embedded-control-plane.js";

/** Options of useKube. */
export interface UseKubeOptions {
  readonly caches?: Partial<KubeCachesOptions>;
  readonly hub?: Partial<WatchHubOptions>;
}

/** The Kubernetes data path of the API server over a real embedded control plane. */
export interface KubeFixture {
  readonly embedded: EmbeddedControlPlaneFixture;
  /** The server's identity (the control plane's kubeconfig). */
  readonly kubeConfig: KubeConfig;
  /** Writes and uncached reads, with read-your-writes on the started caches. */
  readonly client: KubeClient;
  readonly caches: KubeCaches;
  readonly hub: WatchHub;
}

/**
 * Starts an embedded control plane in a temporary directory and, over it, the KubeClient,
 * informer caches and watch hub the services use, for the enclosing describe block; stops the
 * informers before the control plane closes. Read the getters inside tests.
 */
export function useKube(options: UseKubeOptions = {}): KubeFixture {
  const embedded = useEmbeddedControlPlane();
  let parts: Omit<KubeFixture, "embedded"> | undefined;
  beforeAll(() => {
    const kubeConfig = embedded.kubeConfig();
    const caches = createKubeCaches(kubeConfig, options.caches);
    parts = { kubeConfig, caches, client: createKubeClient(kubeConfig, { caches }), hub: createWatchHub(caches, options.hub) };
  });
  afterAll(() => parts?.caches.stop());
  const get = () => {
    if (!parts) throw new Error("useKube: not started yet (use it inside tests)");
    return parts;
  };
  return {
    embedded,
    get kubeConfig() {
      return get().kubeConfig;
    },
    get client() {
      return get().client;
    },
    get caches() {
      return get().caches;
    },
    get hub() {
      return get().hub;
    },
  };
}
