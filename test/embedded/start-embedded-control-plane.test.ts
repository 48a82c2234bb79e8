import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KubeConfig } from "@kubernetes/client-node";
import { parse } from "yaml";
import { EMBEDDED_LISTENERS, startEmbeddedControlPlane } from "../../src/embedded/index.js";
import { ListenError } from "../../src/util/listen.js";
import { createKubeCaches, type KubeCaches, type ResourceCache } from "../../src/kube/index.js";
import { listeningPorts, occupyPort, openFilesUnder, openSockets } from "../support/process-resources.js";
import { apiRequest } from "./support/api-request.js";
import { openWatch } from "./support/open-watch.js";
import { eventually } from "../support/eventually.js";

describe("startEmbeddedControlPlane", () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "kargo-embedded-start-"));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it("serves HTTPS on loopback and writes a 0600 kubeconfig trusting its certificate", async () => {
    const controlPlane = await startEmbeddedControlPlane({ dataDir });
    try {
      expect(controlPlane.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(controlPlane.kubeconfigPath).toBe(join(dataDir, "kubeconfig"));
      expect(statSync(controlPlane.kubeconfigPath).mode & 0o777).toBe(0o600);
      const config = parse(readFileSync(controlPlane.kubeconfigPath, "utf8"));
      expect(config.clusters[0].cluster.server).toBe(controlPlane.url);
      expect(Buffer.from(config.clusters[0].cluster["certificate-authority-data"], "base64").toString()).toBe(controlPlane.caCertificate);
      expect(config.users[0].user.token).toBe(controlPlane.serverToken);
    } finally {
      await controlPlane.close();
    }
  });

  it("also serves plain HTTP on a loopback port, with the same authentication", async () => {
    const controlPlane = await startEmbeddedControlPlane({ dataDir });
    try {
      expect(controlPlane.httpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const authorized = await fetch(`${controlPlane.httpUrl}/api/v1/namespaces/default`, { headers: { Authorization: `Bearer ${controlPlane.serverToken}` } });
      expect(authorized.status).toBe(200);
      expect(((await authorized.json()) as any).metadata.name).toBe("default");
      expect((await fetch(`${controlPlane.httpUrl}/api/v1/namespaces/default`)).status).toBe(401);
    } finally {
      await controlPlane.close();
    }
  });

  it("creates the built-in namespaces and the API server's cluster-admin identity", async () => {
    const controlPlane = await startEmbeddedControlPlane({ dataDir });
    try {
      const namespaces = (await apiRequest(controlPlane, "/api/v1/namespaces")).json.items.map((n: any) => n.metadata.name);
      expect(namespaces).toEqual(expect.arrayContaining(["default", "kube-system", "kargo", "kargo-shared-resources", "kargo-system-resources"]));
      const review = await apiRequest(controlPlane, "/apis/authentication.k8s.io/v1/tokenreviews", {
        method: "POST",
        body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec: { token: controlPlane.serverToken } },
      });
      expect(review.json.status.user.username).toBe("system:serviceaccount:kargo:kargo-api");
      const binding = (await apiRequest(controlPlane, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/kargo-api-cluster-admin")).json;
      expect(binding.roleRef.name).toBe("cluster-admin");
    } finally {
      await controlPlane.close();
    }
  });

  it("restarts on the same data directory with its objects, certificate and token keys", async () => {
    const first = await startEmbeddedControlPlane({ dataDir });
    let secretToken: string;
    try {
      await apiRequest(first, "/api/v1/namespaces/default/serviceaccounts", { method: "POST", body: { metadata: { name: "ci" } } });
      const secret = await apiRequest(first, "/api/v1/namespaces/default/secrets", {
        method: "POST",
        body: { metadata: { name: "ci-token", annotations: { "kubernetes.io/service-account.name": "ci" } }, type: "kubernetes.io/service-account-token" },
      });
      secretToken = Buffer.from(secret.json.data.token, "base64").toString();
      // An administrator deletes a built-in binding; the next start brings it back.
      await apiRequest(first, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/system:basic-user", { method: "DELETE" });
    } finally {
      await first.close();
    }
    const second = await startEmbeddedControlPlane({ dataDir });
    try {
      expect(second.caCertificate).toBe(first.caCertificate);
      expect((await apiRequest(second, "/api/v1/namespaces/default/secrets/ci-token")).status).toBe(200);
      // A token issued before the restart still authenticates: the signing key was kept.
      expect((await apiRequest(second, "/api/v1/namespaces", { token: secretToken })).status).toBe(403);
      expect((await apiRequest(second, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/system:basic-user")).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it("ends open watches on close, and close can be called twice", async () => {
    const controlPlane = await startEmbeddedControlPlane({ dataDir });
    const watch = await openWatch(controlPlane, "/api/v1/namespaces?watch=true");
    await controlPlane.close();
    await watch.ended;
    await controlPlane.close();
  });

  describe("when a port is in use", () => {
    /**
     * Real caches for `controllerCaches`, counting the listeners the controllers hold on them: the
     * controllers add one as they start (webhook receivers: the Secrets cache) and remove theirs
     * only when they stop, so the count tells whether they were stopped.
     */
    function countedCaches() {
      let caches: KubeCaches | undefined;
      let held = 0;
      let most = 0;
      const counted = (cache: ResourceCache): ResourceCache =>
        new Proxy(cache, {
          get: (target, key, receiver) =>
            key !== "addListener"
              ? Reflect.get(target, key, receiver)
              : (listener: Parameters<ResourceCache["addListener"]>[0]) => {
                  most = Math.max(most, ++held);
                  const remove = target.addListener(listener);
                  return () => {
                    held--;
                    remove();
                  };
                },
        });
      return {
        controllerCaches: (kubeConfig: KubeConfig): KubeCaches => {
          const real = createKubeCaches(kubeConfig);
          caches = real;
          return { ...real, cache: (type) => counted(real.cache(type)) };
        },
        held: () => ({ held, most }),
        stop: () => caches?.stop(),
      };
    }

    /** Starts with `options` while another listener holds a port, expects the ListenError, and shows nothing is left running. */
    async function failsCleanly(options: (port: number) => Parameters<typeof startEmbeddedControlPlane>[0], listener: string): Promise<void> {
      const blocker = await occupyPort();
      try {
        const listening = listeningPorts();
        const sockets = openSockets();
        const failure = await startEmbeddedControlPlane(options(blocker.port)).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(failure).toBeInstanceOf(ListenError);
        expect((failure as ListenError).message).toBe(`cannot listen on 127.0.0.1:${blocker.port} for ${listener}: address already in use`);
        // Nothing listens that did not before, the store's files are closed, and every connection
        // the controllers opened ends (their informers' watches; closed sockets go asynchronously).
        expect(listeningPorts()).toEqual(listening);
        expect(openFilesUnder(dataDir)).toEqual([]);
        await eventually(() => [...openSockets()].every((socket) => sockets.has(socket)));
      } finally {
        await blocker.close();
      }
      // The data directory opens again: the store's exclusive lock was released.
      const again = await startEmbeddedControlPlane({ dataDir, controllers: false });
      await again.close();
    }

    it("of the webhook receivers: rejects naming it, after stopping the controllers, the listeners and the store", async () => {
      const caches = countedCaches();
      try {
        await failsCleanly(
          (port) => ({ dataDir, webhooks: { host: "127.0.0.1", port }, controllerCaches: caches.controllerCaches }),
          EMBEDDED_LISTENERS.webhooks,
        );
        // The controllers had started (they listened on the caches) and were stopped.
        expect(caches.held()).toEqual({ held: 0, most: expect.any(Number) });
        expect(caches.held().most).toBeGreaterThan(0);
      } finally {
        caches.stop();
      }
    });

    it("of the API: rejects naming it and closes the store", async () => {
      await failsCleanly((port) => ({ dataDir, port }), EMBEDDED_LISTENERS.api);
    });
  });
});
