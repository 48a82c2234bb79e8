import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startGroup, type GroupProcess } from "../support/process-group.js";
import { eventually } from "../support/eventually.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const readme = readFileSync(join(ROOT, "README.md"), "utf8");

/** Every command of the README's ```sh blocks: comments removed, continuation lines joined. */
function readmeCommands(text: string): string[] {
  const commands: string[] = [];
  for (const block of text.matchAll(/^```sh\n([\s\S]*?)^```/gm)) {
    let pending = "";
    for (const raw of block[1]!.split("\n")) {
      const line = raw.replace(/\s+#\s.*$/, "").replace(/^\s*#.*$/, "");
      if (line.trim() === "") continue;
      if (line.endsWith("\\")) {
        pending += `${line.slice(0, -1).trimEnd()} `;
        continue;
      }
      commands.push(`${pending}${line.trim()}`.trim());
      pending = "";
    }
  }
  return commands;
}

/** What the test does with each README command; a command the README gains must be added here. */
const NOT_RUN: Record<string, string> = {
  "npm install && npm test": "the whole suite, of which this test is part",
  "npm test": "the whole suite, of which this test is part",
  "npm test -- test/server": "part of the suite this test belongs to",
  "npm run typecheck && npx buf lint": "what .ci/run runs beside the suite",
  "npm run pack:client": "test/client-package/pack-client.test.ts runs it: packs, installs the tarball in a scratch project, type-checks and runs the example",
  "npm install /path/to/kargo-api-client-1.0.0.tgz":
    "a consumer's command, in another project; test/client-package/pack-client.test.ts installs a real tarball",
  ".ci/check-breaking": "run by .ci/run; test/ci/check-breaking.test.ts covers it in a scratch repository",
  "npm run build": "run by the test's beforeAll as bin/ensure-built.js (npm run build is the same with --force), not again while other tests use dist/",
};
/** Commands that serve until stopped: started, checked, then stopped with a signal. */
const SERVERS = ["npm install && npm start", "GLIBC_TUNABLES=glibc.malloc.arena_max=1 node --max-semi-space-size=16 dist/src/main.js"];

// Item 3: the README's commands work as written on a fresh checkout. They run in a directory that
// looks like a fresh clone (the repository's files linked, no .kargo-data, no CLI config), against the
// server `npm start` starts there on the README's port 8080, with nothing but the README to go by:
// the admin password is read from the server's first-start output as a person would.
describe("README commands", () => {
  const commands = readmeCommands(readme);
  let dir = "";
  let home = "";
  let server: GroupProcess | undefined;
  let password = "";
  const env = (extra: Record<string, string> = {}) => ({ PATH: process.env["PATH"] ?? "", HOME: home, GIT_ALLOW_PROTOCOL: "file", ...extra });
  const sh = async (command: string, extra: Record<string, string> = {}, input?: string) => {
    const p = startGroup("bash", ["-c", command], { cwd: dir, env: env(extra), input: input ?? "" });
    const code = await p.exited();
    return { code, stdout: p.stdout(), stderr: p.stderr() };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kargo-readme-"));
    home = mkdtempSync(join(tmpdir(), "kargo-readme-home-"));
    for (const entry of [
      "package.json",
      "package-lock.json",
      "bin",
      "dist",
      "src",
      "gen",
      "proto",
      "docs",
      "node_modules",
      "tsconfig.json",
      "tsconfig.build.json",
      "buf.yaml",
      "buf.gen.yaml",
    ]) {
      symlinkSync(join(ROOT, entry), join(dir, entry));
    }
    const build = startGroup(process.execPath, [join(ROOT, "bin/ensure-built.js")], { cwd: ROOT, env: { PATH: process.env["PATH"] ?? "" } });
    expect(await build.exited()).toBe(0);
    // The README's port: fail clearly if something else holds it.
    await new Promise<void>((resolve, reject) => {
      const probe = createServer().once("error", () =>
        reject(new Error("port 8080 is in use: the README test runs the README's commands as written, on port 8080")),
      );
      probe.listen(8080, () => probe.close(() => resolve()));
    });
  }, 600_000);
  afterAll(() => {
    server?.killGroup();
    rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it("runs, skips with a reason or serves every command it finds", () => {
    expect(commands.length).toBeGreaterThan(10);
    for (const c of commands)
      expect([c, c in NOT_RUN || SERVERS.includes(c) || c.includes("kargo-api") || c.includes("curl") || c.includes("tsx")]).toEqual([c, true]);
  });

  it("npm start (with the README's --demo), then every client command as written", async () => {
    try {
      await readmeClientCommands();
    } finally {
      // The next test serves on the same port and data directory.
      server?.killGroup("SIGTERM");
      await server?.exited();
    }
  }, 600_000);

  async function readmeClientCommands(): Promise<void> {
    // `npm install` is what this checkout has done already (node_modules is linked in).
    server = startGroup("bash", ["-c", "npm start -- --demo"], { cwd: dir, env: env() });
    const started = server;
    await started.waitFor(/Kargo API serving at http:\/\/localhost:8080 \(embedded mode, demo project kargo-demo\)/, "stderr");
    password = (await started.waitFor(/generated admin password[^:]*: (\S+)/, "stderr"))[1]!;
    expect(started.stderr()).toContain("next:           npx kargo-api login --admin   (then: npx kargo-api get projects)");

    const results: Record<string, { code: number | string | null; stdout: string; stderr: string }> = {};
    let token = "";
    for (const command of commands) {
      if (command in NOT_RUN || SERVERS.includes(command)) continue;
      if (command.startsWith("npx kargo-api watch promotions")) {
        const watch = startGroup("bash", ["-c", `exec ${command}`], { cwd: dir, env: env() });
        try {
          await watch.waitFor(/ADDED\s+test\./);
        } finally {
          watch.killGroup("SIGINT");
          results[command] = { code: await watch.exited(), stdout: watch.stdout(), stderr: watch.stderr() };
        }
        continue;
      }
      const written = command.replace("<admin password>", password);
      if (command.startsWith("TOKEN=")) {
        const r = await sh(`${written}; printf %s "$TOKEN"`);
        token = r.stdout;
        results[command] = { ...r, stdout: token ? "(a token)" : "" };
        continue;
      }
      results[command] = await sh(written, { TOKEN: token }, command.includes("login --admin") ? `${password}\n` : undefined);
    }
    for (const [command, r] of Object.entries(results)) {
      // Ctrl-C ends `watch` (npx, like a shell, then reports the SIGINT); everything else exits 0.
      const ok = command.includes("watch promotions") ? [0, "SIGINT"] : [0];
      expect([command, ok.includes(r.code as number), r.stderr]).toEqual([command, true, expect.not.stringMatching(/^error: /m)]);
    }
    expect(token).toMatch(/^ey/);
    expect(results["npx kargo-api login --admin"]!.stdout).toBe("logged in to http://localhost:8080 as admin (admin)\n");
    expect(results["npx kargo-api get stages --project kargo-demo"]!.stdout).toMatch(/^NAME\s+FREIGHT\s+HEALTH\s+READY/);
    expect(results[commands.find((c) => c.includes("kargo-api init"))!]!.stdout).toContain("Pipeline test → uat → prod created in project my-app.");
    expect(results[commands.find((c) => c.includes("GetVersionInfo") && c.startsWith("curl"))!]!.stdout).toContain('"versionInfo"');
    expect(results[commands.find((c) => c.includes("--list-services"))!]!.stdout).toContain("kargo.api.v1.SystemService");
    expect(results[commands.find((c) => c.includes("grpc.health.v1.Health/Check"))!]!.stdout).toContain("SERVING");
    expect(results[commands.find((c) => c.includes("version-client"))!]!.stdout).toMatch(/^kargo-api \S+ \(commit \S+\) on Node v24/);

    process.kill(server!.pid, "SIGTERM");
    expect(await server!.exited()).toBe(0);
  }

  it("GLIBC_TUNABLES=glibc.malloc.arena_max=1 node --max-semi-space-size=16 dist/src/main.js, as a supervisor runs it, serves and stops on SIGTERM with exit 0", async () => {
    const direct = startGroup("bash", ["-c", "GLIBC_TUNABLES=glibc.malloc.arena_max=1 exec node --max-semi-space-size=16 dist/src/main.js"], {
      cwd: dir,
      env: env(),
    });
    try {
      await direct.waitFor(/Kargo API serving at http:\/\/localhost:8080/, "stderr");
      expect((await fetch("http://localhost:8080/healthz")).status).toBe(200);
      process.kill(direct.pid, "SIGTERM");
      expect(await direct.exited()).toBe(0);
      await eventually(() =>
        fetch("http://localhost:8080/healthz").then(
          () => false,
          () => true,
        ),
      );
    } finally {
      direct.killGroup();
    }
  }, 300_000);
});
