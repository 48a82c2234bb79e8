import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CoreV1Api } from "@kubernetes/client-node";
import { pino } from "pino";
import type { Promotion, Stage } from "../../../../src/domain/types.js";
import { inProcessKubeConfig } from "../../../../src/embedded/controllers/start-embedded-controllers.js";
import { createPromotionRunner, type PromotionRunner } from "../../../../src/embedded/controllers/promotion-runner/promotion-runner.js";
import { createKubeCaches, RESOURCES, type KubeCaches } from "../../../../src/kube/index.js";
import { createKargoClient, type KargoClient } from "../../../../src/kube/object-clients.js";
import { startRecordingHttpProxy, type RecordingHttpProxy } from "../../../support/recording-http-proxy.js";
import { useEmbeddedControlPlane } from "../../support/use-embedded-control-plane.js";
import { createFreight, createPromotion, createStage } from "../support/kargo-objects.js";

const PROJECT = "conditional";
// Never reached in these tests: the runner must not start them.
const STEPS = [{ uses: "compose-output", as: "out", config: { a: "1" } }];

// The runner decides from its informer cache and writes through the API. Its cache reaches the API
// through a proxy that holds the watch back, so the test makes another writer's status change land
// after the runner's read and before its write, every time, with real objects.
describe("the promotion runner's status writes", () => {
  const plane = useEmbeddedControlPlane({ controllers: false });
  let proxy: RecordingHttpProxy;
  let caches: KubeCaches;
  let runnerClient: KargoClient;
  let other: KargoClient;
  let workRoot: string;
  let runner: PromotionRunner;
  let stage: Stage;
  let freight: string;

  beforeAll(async () => {
    const direct = inProcessKubeConfig(plane.controlPlane.httpUrl, plane.controlPlane.serverToken);
    other = createKargoClient(direct);
    proxy = await startRecordingHttpProxy(plane.controlPlane.httpUrl);
    const viaProxy = inProcessKubeConfig(proxy.url, plane.controlPlane.serverToken);
    caches = createKubeCaches(viaProxy);
    runnerClient = createKargoClient(viaProxy, { caches });
    workRoot = mkdtempSync(join(tmpdir(), "kargo-work-"));
    runner = createPromotionRunner({ client: runnerClient, workRoot, logger: pino({ level: "silent" }) });
    await direct.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: PROJECT, labels: { "kargo.akuity.io/project": "true" } } } });
    stage = await createStage(other, PROJECT, "test", { warehouse: "images", steps: STEPS });
    freight = (await createFreight(other, PROJECT, "images", { images: [{ repoURL: "nginx", tag: "1.0.0", digest: "sha256:0" }] })).metadata.name!;
  });
  afterEach(() => proxy.release());
  afterAll(async () => {
    await runner?.stop();
    caches?.stop();
    await proxy?.close();
    rmSync(workRoot, { recursive: true, force: true });
  });

  /** Waits until the runner's cache shows `object` at least at its version, then stops its watch there. */
  async function freezeRunnerCacheAt(object: Promotion): Promise<void> {
    const cache = caches.cache(RESOURCES.promotions);
    await cache.synced;
    expect(await cache.waitForVersion(object.metadata.resourceVersion!, 10_000)).toBe(true);
    proxy.hold((path) => path.includes("watch=true"));
  }

  /** A stopped runner passes no more: the next test gets a new one (over the same client and caches). */
  async function restartRunner(): Promise<void> {
    await runner.stop();
    runner = createPromotionRunner({ client: runnerClient, workRoot, logger: pino({ level: "silent" }) });
  }

  const read = async (name: string) => (await other.get<Promotion>("promotions", PROJECT, name))!;

  it("do not overwrite a phase set after the runner read the Promotion with its Pending mark, and the next pass leaves it", async () => {
    const created = await createPromotion(other, stage, freight);
    const name = created.metadata.name!;
    await freezeRunnerCacheAt(created);
    // Another writer finishes it; the runner's cache still shows it without a phase.
    const finished = await other.patchStatus<Promotion>("promotions", PROJECT, name, { phase: "Succeeded", message: "set by another writer" });

    await runner.reconcile();
    await restartRunner();
    expect((await read(name)).status).toMatchObject({ phase: "Succeeded", message: "set by another writer" });

    // Once the cache shows the change, the next pass decides on it: a finished Promotion is left alone.
    proxy.release();
    expect(await caches.cache(RESOURCES.promotions).waitForVersion(finished.metadata.resourceVersion!, 10_000)).toBe(true);
    await runner.reconcile();
    const after = await read(name);
    expect(after.metadata.resourceVersion).toBe(finished.metadata.resourceVersion);
    expect(after.status).toMatchObject({ phase: "Succeeded", message: "set by another writer" });
  });

  it("do not overwrite a phase set after the runner read a Pending Promotion with its Running mark", async () => {
    // A Stage of its own, so the first test's Promotion cannot hold it.
    const own = await createStage(other, PROJECT, "second", { warehouse: "images", steps: STEPS });
    const created = await createPromotion(other, own, freight);
    const name = created.metadata.name!;
    const pending = await other.patchStatus<Promotion>("promotions", PROJECT, name, { phase: "Pending" });
    await freezeRunnerCacheAt(pending);
    const aborted = await other.patchStatus<Promotion>("promotions", PROJECT, name, { phase: "Aborted", message: "set by another writer" });

    // The runner starts it from what it read; the run's Running mark meets the change and steps back.
    await runner.reconcile();
    await restartRunner();
    const after = await read(name);
    expect(after.metadata.resourceVersion).toBe(aborted.metadata.resourceVersion);
    expect(after.status).toMatchObject({ phase: "Aborted", message: "set by another writer" });
  });
});
