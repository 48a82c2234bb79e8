import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { startEmbeddedControlPlane, type EmbeddedControlPlane } from "../../../src/embedded/index.js";
import { createKubeCaches } from "../../../src/kube/cache/kube-caches.js";
import { createKubeClient } from "../../../src/kube/kube-client.js";
import { RESOURCES } from "../../../src/kube/kargo-resources.js";
import { ExpiredResourceVersionError } from "../../../src/kube/watch/expired-resource-version-error.js";
import { createWatchHub } from "../../../src/kube/watch/watch-hub.js";
import { brief, nextEvents } from "../support/next-events.js";
import { createProjectNamespace, stageObject } from "../support/project-namespace.js";
import { eventually } from "../../support/eventually.js";

describe("an informer that lost its place in the API's history", () => {
  let dataDir: string;
  let controlPlane: EmbeddedControlPlane | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), "kargo-kube-relist-"));
  });

  afterAll(async () => {
    await controlPlane?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("relists to a consistent cache and ends open watches with ExpiredResourceVersionError", async () => {
    // A short history, so that a few writes while the informer is away push its version out.
    controlPlane = await startEmbeddedControlPlane({ dataDir, historyLimit: 5 });
    const port = Number(new URL(controlPlane.url).port);
    const config = new KubeConfig();
    config.loadFromFile(controlPlane.kubeconfigPath);
    const client = createKubeClient(config);
    const errors: unknown[] = [];
    const caches = createKubeCaches(config, { retryDelayMs: 50, onError: (e) => errors.push(e) });
    try {
      const hub = createWatchHub(caches);
      await createProjectNamespace(client, "relist");
      await client.create(RESOURCES.stages, stageObject("relist", "a"));
      const stages = caches.cache(RESOURCES.stages);
      await stages.synced;
      const watch = hub.subscribe({ type: RESOURCES.stages, namespace: "relist" });
      const [, bookmark] = await nextEvents(watch, 2);

      // The writes happen on the same data while the informer cannot reach the API: the control
      // plane is served on another port meanwhile, so no retry timing can let the informer in early.
      await controlPlane.close();
      controlPlane = await startEmbeddedControlPlane({ dataDir, historyLimit: 5 });
      const elsewhere = new KubeConfig();
      elsewhere.loadFromFile(controlPlane.kubeconfigPath);
      const writer = createKubeClient(elsewhere);
      await writer.create(RESOURCES.stages, stageObject("relist", "b"));
      await writer.delete(RESOURCES.stages, { namespace: "relist", name: "a" });
      for (let i = 0; i < 20; i++) await writer.create(RESOURCES.configmaps, { metadata: { name: `filler-${i}`, namespace: "relist" } });
      await controlPlane.close();
      controlPlane = await startEmbeddedControlPlane({ dataDir, port, historyLimit: 5 });

      await expect(watch.next()).rejects.toBeInstanceOf(ExpiredResourceVersionError);
      await eventually(() => stages.get("relist", "b") && !stages.get("relist", "a"));
      expect(stages.list("relist").map((s) => s.metadata.name)).toEqual(["b"]);
      expect(errors.length).toBeGreaterThan(0);

      // The old version is gone for good; a fresh watch starts from the relisted state.
      await expect(hub.subscribe({ type: RESOURCES.stages, namespace: "relist", resourceVersion: bookmark!.resourceVersion }).next()).rejects.toBeInstanceOf(
        ExpiredResourceVersionError,
      );
      const fresh = hub.subscribe({ type: RESOURCES.stages, namespace: "relist" });
      expect((await nextEvents(fresh, 2)).map(brief)).toEqual(["ADDED b", "BOOKMARK"]);
      await fresh.return!();
    } finally {
      caches.stop();
    }
  });
});
