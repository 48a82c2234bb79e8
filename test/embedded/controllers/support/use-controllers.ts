import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CoreV1Api } from "@kubernetes/client-node";
import { pino } from "pino";
import type { ControllerLogger } from "../../../../src/embedded/controllers/controller-logger.js";
import { createKargoClient, type KargoClient } from "../../../../src/kube/object-clients.js";
import { inProcessKubeConfig, startEmbeddedControllers, type EmbeddedControllers } from "../../../../src/embedded/controllers/start-embedded-controllers.js";
import type { WebhookServerOptions } from "../../../../src/embedded/controllers/webhooks/webhook-receivers.js";
import { useEmbeddedControlPlane, type EmbeddedControlPlaneFixture } from "../../support/use-embedded-control-plane.js";

/** A control plane with the controllers running against it, and a client for the test's own writes. */
export interface ControllersFixture {
  readonly plane: EmbeddedControlPlaneFixture;
  readonly client: KargoClient;
  readonly controllers: EmbeddedControllers;
  /** Creates a project namespace (labelled as Kargo's). */
  createProject(name: string): Promise<void>;
  /** Every log line the controllers wrote (JSON), when started with `captureLogs`. */
  readonly logs: string[];
}

/**
 * Starts a real embedded control plane (its own controllers off) and the controllers under test
 * against it over HTTP; stops both after the file's tests. Their longest pause between passes is an
 * hour unless `intervalMs` says otherwise, so every test shows that the controllers act on watch
 * events and their own timers, not on a periodic pass. A reconcile
 * pass that throws fails the test during which it threw: the loop only logs it and carries on,
 * so the effect a test waits for may still appear (a later pass does the rest) and hide the bug.
 */
export function useControllers(
  options: { captureLogs?: boolean; tagPageSize?: number; webhooks?: WebhookServerOptions; intervalMs?: number } = {},
): ControllersFixture {
  let controllers: EmbeddedControllers | undefined;
  let client: KargoClient | undefined;
  let workRoot: string | undefined;
  const logs: string[] = [];
  const reconcileFailures: { controller: string; message: string }[] = [];
  let reported = 0;
  // Jest runs afterAll hooks in the order they are declared: this one, declared before the control
  // plane's, stops the controllers while the API they call is still up.
  afterAll(async () => {
    await controllers?.stop();
    if (workRoot) rmSync(workRoot, { recursive: true, force: true });
  });
  const plane = useEmbeddedControlPlane({ controllers: false });
  beforeAll(() => {
    const kubeConfig = inProcessKubeConfig(plane.controlPlane.httpUrl, plane.controlPlane.serverToken);
    client = createKargoClient(kubeConfig);
    workRoot = mkdtempSync(join(tmpdir(), "kargo-work-"));
    const log = options.captureLogs
      ? pino({ level: "debug" }, { write: (line: string) => void logs.push(line) })
      : pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
    const logger: ControllerLogger = {
      info: (fields, message) => log.info(fields, message),
      debug: (fields, message) => log.debug(fields, message),
      error: (fields, message) => log.error(fields, message),
      warn(fields, message) {
        const { controller, err } = fields as { controller?: unknown; err?: unknown };
        if (message.startsWith("reconcile failed"))
          reconcileFailures.push({ controller: String(controller), message: err instanceof Error ? err.message : String(err) });
        log.warn(fields, message);
      },
    };
    controllers = startEmbeddedControllers({
      kubeConfig,
      workRoot,
      logger,
      intervalMs: options.intervalMs ?? 3_600_000,
      ...(options.tagPageSize ? { tagPageSize: options.tagPageSize } : {}),
      ...(options.webhooks ? { webhooks: options.webhooks } : {}),
    });
  });
  afterEach(() => {
    const fresh = reconcileFailures.slice(reported);
    reported = reconcileFailures.length;
    expect(fresh).toEqual([]);
  });
  return {
    plane,
    logs,
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
