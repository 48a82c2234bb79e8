import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { loadConfig } from "../../../src/config/load-config.js";
import type { Promotion } from "../../../src/domain/types.js";
import { createKargoClient } from "../../../src/kube/object-clients.js";
import { startKargoApi, type RunningKargoApi } from "../../../src/start-kargo-api.js";
import { captureLogs, type CapturedLogs } from "../../support/capture-logs.js";
import { eventually } from "../../support/eventually.js";

describe("npm start -- --demo", () => {
  let dataDir: string;
  let running: RunningKargoApi | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), "kargo-start-demo-"));
  });
  afterAll(async () => {
    await running?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(logs?: CapturedLogs): Promise<RunningKargoApi> {
    const loaded = loadConfig({
      argv: ["--demo"],
      env: {
        PORT: "0",
        BIND_ADDRESS: "127.0.0.1",
        KARGO_DATA_DIR: dataDir,
        ADMIN_ACCOUNT_PASSWORD: "demo-password",
        ADMIN_ACCOUNT_TOKEN_SIGNING_KEY: "demo-signing-key-0123456789abcdef0123",
        LOG_LEVEL: "silent",
      },
    });
    if (loaded.help) throw new Error("unexpected --help");
    return startKargoApi(loaded.config, { logger: logs?.logger ?? pino({ level: "silent" }) });
  }

  it("runs a promotion to test within seconds of start, and starts again on the same data", async () => {
    const logs = captureLogs("info");
    running = await start(logs);
    const client = createKargoClient(running.kubeConfig);
    const succeeded = async () =>
      (await client.list<Promotion>("promotions", "kargo-demo")).filter((p) => p.spec.stage === "test" && p.status?.["phase"] === "Succeeded");
    await eventually(async () => (await succeeded()).length === 1);
    // Issue 12 item 15: the demo's first run logs no warning (the auto-promotion pass once threw a
    // TypeError on a frozen list, logged as "reconcile failed" with its stack, and stopped after creating the Promotion).
    expect(
      logs
        .records()
        .filter((r) => (r["level"] as number) >= 40)
        .map((r) => r["msg"]),
    ).toEqual([]);
    await running.close();

    running = await start();
    const again = createKargoClient(running.kubeConfig);
    expect((await again.list("stages", "kargo-demo")).map((s) => s.metadata.name).sort()).toEqual(["prod", "test", "uat"]);
    // The same head commit is the same Freight: no second promotion after the restart.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await again.list<Promotion>("promotions", "kargo-demo")).length).toBe(1);
  });
});
