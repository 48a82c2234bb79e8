import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import type { KubeObject } from "../../../src/domain/types.js";
import { inProcessKubeConfig, startEmbeddedControllers, type EmbeddedControllers } from "../../../src/embedded/controllers/start-embedded-controllers.js";
import { startEmbeddedControlPlane } from "../../../src/embedded/index.js";
import { createKubeCaches, RESOURCES, type KubeCaches } from "../../../src/kube/index.js";
import { createKargoClient, type KargoClient } from "../../../src/kube/object-clients.js";
import { useEmbeddedControlPlane } from "../support/use-embedded-control-plane.js";
import { createStage } from "./support/kargo-objects.js";
import { eventually } from "../../support/eventually.js";

const PROJECT = "shared";
const STEPS = [{ uses: "compose-output", as: "out", config: {} }];

const stageCount = async (client: KargoClient) =>
  ((await client.get<KubeObject>("projects", "", PROJECT))?.["status"] as { stats?: { stages?: { count?: number } } } | undefined)?.stats?.stages?.count;

// What start-kargo-api does in embedded mode: the controllers read the caches of the API server
// (same process, same API, same identity), so each kind is listed and held parsed once.
describe("embedded controllers given the caller's caches", () => {
  const plane = useEmbeddedControlPlane({ controllers: false });
  let caches: KubeCaches;
  let controllers: EmbeddedControllers | undefined;
  let client: KargoClient;
  let workRoot: string;

  beforeAll(() => {
    const kubeConfig = inProcessKubeConfig(plane.controlPlane.httpUrl, plane.controlPlane.serverToken);
    client = createKargoClient(kubeConfig);
    caches = createKubeCaches(kubeConfig);
    workRoot = mkdtempSync(join(tmpdir(), "kargo-work-"));
    // The longest pause between passes is an hour: only an event on the given caches starts one.
    controllers = startEmbeddedControllers({ kubeConfig, workRoot, logger: pino({ level: "silent" }), intervalMs: 3_600_000, caches });
  });
  afterAll(async () => {
    await controllers?.stop();
    caches?.stop();
    rmSync(workRoot, { recursive: true, force: true });
  });

  it("read those caches, are woken by their events, and leave them running when they stop", async () => {
    await client.create("projects", "", { apiVersion: "kargo.akuity.io/v1alpha1", kind: "Project", metadata: { name: PROJECT } });
    // A pass has seen the project once its statistics are written; it listed through the caches given.
    await eventually(async () => (await stageCount(client)) === 0);
    expect(caches.peek(RESOURCES.projects)).toBeDefined();
    expect(caches.peek(RESOURCES.stages)).toBeDefined();
    await createStage(client, PROJECT, "one", { warehouse: "w", steps: STEPS });
    await eventually(async () => (await stageCount(client)) === 1);

    await controllers!.stop();
    controllers = undefined;
    // The caches still follow the API: stopping the controllers did not stop them.
    await createStage(client, PROJECT, "two", { warehouse: "w", steps: STEPS });
    const stages = caches.cache(RESOURCES.stages);
    await eventually(() => stages.list(PROJECT).some((stage) => stage.metadata.name === "two"));
  });
});

describe("startEmbeddedControlPlane with controllerCaches", () => {
  it("gives the controllers the caches made for its in-process client, and stops the controllers before the caller's caches", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "kargo-shared-caches-"));
    let caches: KubeCaches | undefined;
    const controlPlane = await startEmbeddedControlPlane({ dataDir, controllerCaches: (kubeConfig) => (caches = createKubeCaches(kubeConfig)) });
    try {
      const client = createKargoClient(inProcessKubeConfig(controlPlane.httpUrl, controlPlane.serverToken));
      await client.create("projects", "", { apiVersion: "kargo.akuity.io/v1alpha1", kind: "Project", metadata: { name: PROJECT } });
      await eventually(async () => (await stageCount(client)) === 0);
      expect(
        caches
          ?.peek(RESOURCES.projects)
          ?.list()
          .map((project) => project.metadata.name),
      ).toContain(PROJECT);
    } finally {
      await controlPlane.stopControllers();
      caches?.stop();
      await controlPlane.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
