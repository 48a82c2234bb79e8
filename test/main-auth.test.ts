import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Code, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { AuthService } from "../gen/kargo/api/v1/auth_service_pb.js";
import { SystemService } from "../gen/kargo/api/v1/system_service_pb.js";
import { codeOf } from "./auth/support/expect-code.js";
import { compiledMain } from "./support/compiled-main.js";

const root = new URL("..", import.meta.url).pathname;

interface Running {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  /** Everything written to stderr so far. */
  readonly stderr: () => string;
}

/** Starts `src/main.ts` (compiled) in embedded mode and resolves once it serves. */
async function startMain(dataDir: string): Promise<Running> {
  const child = spawn(process.execPath, [compiledMain()], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: dataDir, PORT: "0", BIND_ADDRESS: "127.0.0.1", KARGO_DATA_DIR: dataDir, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      if (typeof record.url === "string" && record.mode === "embedded") resolve(record.url);
    });
    child.once("exit", (code) => reject(new Error(`main exited early with ${code}: ${stderr}`)));
  });
  return { child, baseUrl: url.replace("localhost", "127.0.0.1").replace(/\/$/, ""), stderr: () => stderr };
}

async function stop(running: Running): Promise<void> {
  const exited = new Promise((resolve) => running.child.once("exit", resolve));
  running.child.kill("SIGTERM");
  await exited;
}

// The wiring in main: first start generates and shows the admin password, the API needs a token,
// AdminLogin's token opens it, and a restart keeps the same credentials without showing them again.
describe("main (the real process) with authentication", () => {
  let dataDir = "";
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), "kargo-api-main-auth-"));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("shows a generated admin password once and keeps accepting it after a restart", async () => {
    let password = "";
    const first = await startMain(dataDir);
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
    try {
      expect(second.stderr()).not.toContain("generated admin password");
      const transport = createConnectTransport({ baseUrl: second.baseUrl, httpVersion: "1.1" });
      expect(await codeOf(createClient(AuthService, transport).adminLogin({ password }))).toBe("OK");
    } finally {
      await stop(second);
    }
  });
});
