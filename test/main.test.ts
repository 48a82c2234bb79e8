import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { Health, HealthCheckResponse_ServingStatus as Status } from "../gen/grpc/health/v1/health_pb.js";
import { compiledMain } from "./support/compiled-main.js";
import { occupyPort } from "./support/process-resources.js";
import { spawnServerProcess, startServerProcess } from "./support/server-process.js";

/** Starts the server expecting it to stop by itself: its exit code and its stderr (its process group killed either way). */
async function runToExit(env: Record<string, string>, args: readonly string[] = []): Promise<{ code: number | null; stderr: string }> {
  const child = spawnServerProcess(compiledMain(), env, { args });
  try {
    return { code: await child.exited, stderr: child.stderr() };
  } finally {
    await child.stop();
  }
}

const nonEmptyLines = (text: string) => text.split("\n").filter((l) => l.trim() !== "");

describe("main (the real process)", () => {
  let dataDir = "";
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "kargo-api-main-"));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it("serves in embedded mode, and on SIGTERM ends an open stream cleanly and exits 0", async () => {
    // Started with only this environment (no KUBECONFIG): embedded mode.
    const server = await startServerProcess(
      compiledMain(),
      { PORT: "0", BIND_ADDRESS: "127.0.0.1", KARGO_DATA_DIR: dataDir, LOG_LEVEL: "info" },
      { mode: "embedded" },
    );
    try {
      const { lines, exited, baseUrl: base } = server;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      // Ready means the API server reached the embedded control plane through client-node
      // (polled until it holds: on a loaded machine a check can exceed /readyz's 2 s budget).
      let ready = await fetch(`${base}/readyz`);
      while (ready.status !== 200) {
        await new Promise((r) => setTimeout(r, 250));
        ready = await fetch(`${base}/readyz`);
      }
      expect([ready.status, await ready.text()]).toEqual([200, "ok\n"]);

      const seen: Status[] = [];
      let ended: { code: Code | undefined; message: string } | undefined;
      const watching = (async () => {
        try {
          for await (const res of createClient(Health, createGrpcTransport({ baseUrl: base })).watch({})) {
            seen.push(res.status);
            if (seen.length === 1) server.kill("SIGTERM");
          }
          ended = { code: undefined, message: "" };
        } catch (e) {
          ended = { code: ConnectError.from(e).code, message: ConnectError.from(e).rawMessage };
        }
      })();
      await watching;
      expect(seen).toEqual([Status.SERVING, Status.NOT_SERVING]);
      expect(ended).toEqual({ code: Code.Unavailable, message: "server is shutting down" });
      expect(await exited).toBe(0);
      expect(lines.map((l) => l.msg)).toContain("stopped");
    } finally {
      await server.stop();
    }
  });

  it("stops on a bad setting with exit code 2 and one line naming it", async () => {
    const { code, stderr } = await runToExit({ PORT: "abc", KARGO_DATA_DIR: dataDir });
    expect(code).toBe(2);
    const lines = nonEmptyLines(stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe('kargo-api: invalid configuration: PORT: must be a port number from 0 to 65535, got "abc"');
  });

  it("lists every bad setting in that one line, naming flags by their flag", async () => {
    const { code, stderr } = await runToExit({ KARGO_DATA_DIR: dataDir, LOG_LEVEL: "loud" }, ["--port", "70000"]);
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("--port: must be a port number");
    expect(stderr).toContain("LOG_LEVEL: must be one of");
  });

  // A port in use fails start-up cleanly: exit 1, one line saying where and which setting, no stack trace.
  for (const [variable, words, also] of [
    ["KARGO_EMBEDDED_WEBHOOK_PORT", "the webhook receivers", "KARGO_EMBEDDED_WEBHOOK_PORT, BIND_ADDRESS"],
    ["PORT", "the API", "PORT, BIND_ADDRESS"],
  ] as const) {
    it(`exits 1 with one line naming the address and ${variable} when its port is in use`, async () => {
      const blocker = await occupyPort();
      try {
        const { code, stderr } = await runToExit({
          PORT: "0",
          BIND_ADDRESS: "127.0.0.1",
          KARGO_DATA_DIR: dataDir,
          LOG_LEVEL: "info",
          [variable]: String(blocker.port),
        });
        expect(code).toBe(1);
        const lines = nonEmptyLines(stderr);
        // The generated admin password is shown on a first start before the listeners bind.
        const errors = lines.filter((l) => !l.includes("generated admin password"));
        expect(errors).toEqual([`kargo-api: cannot listen on 127.0.0.1:${blocker.port} for ${words} (${also}): address already in use`]);
      } finally {
        await blocker.close();
      }
    });
  }
});
