import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STACK_ADMIN_PASSWORD } from "../support/use-kargo-stack.js";
import { useCli } from "./support/cli-process.js";

// `kargo-api serve` runs the whole service as npm start does; the test then uses the CLI against it.
describe("kargo-api serve", () => {
  const cli = useCli();
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "kargo-serve-"));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("serves in embedded mode until SIGTERM, then exits 0", async () => {
    const server = cli().start(["serve", "--port", "0", "--bind-address", "127.0.0.1", "--data-dir", dataDir], {
      env: { ADMIN_ACCOUNT_PASSWORD: STACK_ADMIN_PASSWORD, LOG_LEVEL: "info" },
    });
    try {
      const [, url] = await server.waitFor(/kargo api serving at (http:\/\/127\.0\.0\.1:\d+\/)/);
      expect(
        JSON.parse(
          server
            .stdout()
            .split("\n")
            .find((l) => l.includes("kargo api serving"))!,
        ),
      ).toMatchObject({ mode: "embedded" });
      expect((await fetch(new URL("healthz", url!))).status).toBe(200);
      await stat(join(dataDir, "kubeconfig"));

      const login = await cli().run(["login", "--admin", "--server", url!], { input: STACK_ADMIN_PASSWORD });
      expect(login).toMatchObject({ code: 0, stdout: `logged in to ${url!.replace(/\/$/, "")} as admin (admin)\n` });
    } finally {
      const result = await server.stop();
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/"msg":"stopped"/);
    }
  });

  it("stops with one line and exit 2 on a bad setting", async () => {
    const result = await cli().exec(["serve", "--port", "abc"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: usage: invalid configuration: --port: must be a port number from 0 to 65535, got "abc"/);
  });

  it("prints the server's settings with --help", async () => {
    const result = await cli().exec(["serve", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("KARGO_DATA_DIR");
  });
});
