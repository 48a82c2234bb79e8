import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CoreV1Api } from "@kubernetes/client-node";
import { pino } from "pino";
import { createKargoClient, type KargoClient } from "../../../../src/embedded/controllers/kargo-client.js";
import { inProcessKubeConfig, startEmbeddedControllers, type EmbeddedControllers } from "../../../../src/embedded/controllers/start-embedded-controllers.js";
import { useEmbeddedControlPlane, type EmbeddedControlPlaneFixture } from "../../support/use-embedded-control-plane.js";

/** A control plane with the controllers running against it, and a client for the test's own writes. */
export interface ControllersFixture {
  readonly plane: EmbeddedControlPlaneFixture;
  readonly client: KargoClient;
  readonly controllers: EmbeddedControllers;
  /** Creates a project namespace (labelled as Kargo's). */
  createProject(name: string): Promise<void>;
}

/**
 * Starts a real embedded control plane (its own controllers off) and the controllers under test
 * against it over HTTP, reconciling every 50 ms; stops both after the file's tests.
 */
export function useControllers(): ControllersFixture {
  const plane = useEmbeddedControlPlane({ controllers: false });
  let controllers: EmbeddedControllers | undefined;
  let client: KargoClient | undefined;
  let workRoot: string | undefined;
  beforeAll(() => {
    const kubeConfig = inProcessKubeConfig(plane.controlPlane.httpUrl, plane.controlPlane.serverToken);
    client = createKargoClient(kubeConfig);
    workRoot = mkdtempSync(join(tmpdir(), "kargo-work-"));
    controllers = startEmbeddedControllers({ kubeConfig, workRoot, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }), intervalMs: 50 });
  });
  afterAll(async () => {
    await controllers?.stop();
    if (workRoot) rmSync(workRoot, { recursive: true, force: true });
  });
  return {
    plane,
    get client() {
      return client!;
    },
    get controllers() {
      return controllers!;
    },
    async createProject(name) {
      const core = plane.kubeConfig().makeApiClient(CoreV1Api);
      await core.createNamespace({ body: { metadata: { name, labels: { "kargo.akuity.io/project": "true" } } } });
    },
  };
}
