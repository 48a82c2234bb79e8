import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { AuthService } from "../gen/kargo/api/v1/auth_service_pb.js";
import { SystemService } from "../gen/kargo/api/v1/system_service_pb.js";
import { codeOf } from "./auth/support/expect-code.js";
import { compiledMain } from "./support/compiled-main.js";
import { startServerProcess, type ServerProcess } from "./support/server-process.js";

/** Starts `src/main.ts` (compiled) in embedded mode and resolves once it serves. */
function startMain(dataDir: string): Promise<ServerProcess> {
  return startServerProcess(compiledMain(), { PORT: "0", BIND_ADDRESS: "127.0.0.1", KARGO_DATA_DIR: dataDir, LOG_LEVEL: "info" }, { mode: "embedded" });
}

/** A graceful stop (SIGTERM), so that the next start finds what this one stored. */
async function stop(running: ServerProcess): Promise<void> {
  running.kill("SIGTERM");
  await running.exited;
}

// The wiring in main: first start generates and shows the admin password, the API needs a token,
// AdminLogin's token opens it, and a restart keeps the same credentials without showing them again.
describe("main (the real process) with authentication", () => {
  let dataDir = "";
  const started: ServerProcess[] = [];
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), "kargo-api-main-auth-"));
  });
  afterAll(async () => {
    // The process groups, also when a test failed half-way.
    for (const server of started) await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows a generated admin password once and keeps accepting it after a restart", async () => {
    let password = "";
    const first = await startMain(dataDir);
    started.push(first);
    try {
      const match = /generated admin password[^:]*: (\S+)/.exec(first.stderr());
      expect(match).not.toBeNull();
      password = match![1]!;
      const transport = createConnectTransport({ baseUrl: first.baseUrl, httpVersion: "1.1" });
      expect(await codeOf(createClient(SystemService, transport).getPublicConfig({}))).toBe("OK");
      expect(await codeOf(createClient(SystemService, transport).getVersionInfo({}))).toBe(Code.Unauthenticated);
      expect(await codeOf(createClient(AuthService, transport).adminLogin({ password: "wrong" }))).toBe(Code.PermissionDenied);
      const { idToken } = await createClient(AuthService, transport).adminLogin({ password });
      const authed = createConnectTransport({
        baseUrl: first.baseUrl,
        httpVersion: "1.1",
        interceptors: [(next) => (req) => (req.header.set("authorization", `Bearer ${idToken}`), next(req))],
      });
      expect(await codeOf(createClient(SystemService, authed).getVersionInfo({}))).toBe("OK");
      expect((await createClient(AuthService, authed).whoAmI({})).admin).toBe(true);
    } finally {
      await stop(first);
    }

    const second = await startMain(dataDir);
    started.push(second);
    try {
      expect(second.stderr()).not.toContain("generated admin password");
      const transport = createConnectTransport({ baseUrl: second.baseUrl, httpVersion: "1.1" });
      expect(await codeOf(createClient(AuthService, transport).adminLogin({ password }))).toBe("OK");
    } finally {
      await stop(second);
    }
  });
});
