import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { STACK_ADMIN_PASSWORD } from "../support/use-kargo-stack.js";
import { alive, childrenOf, startGroup, type GroupProcess } from "../support/process-group.js";
import { eventually } from "../support/eventually.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ESC = "\u001b[";

/** The environment of a server a test starts: loopback, port 0, its own data dir, nothing else of ours. */
function serverEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env["PATH"] ?? "",
    HOME: dataDir,
    PORT: "0",
    BIND_ADDRESS: "127.0.0.1",
    KARGO_DATA_DIR: dataDir,
    GRACEFUL_SHUTDOWN_TIMEOUT: "5s",
    ...extra,
  };
}

async function refused(url: string): Promise<boolean> {
  return fetch(new URL("healthz", url)).then(
    () => false,
    () => true,
  );
}

// Item 1: the build is skipped when nothing changed, and said when it runs (a tiny project with the
// real bin/ensure-built.js and the real tsc, so a cold build takes a moment, not the whole repository).
describe("bin/ensure-built.js", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kargo-ensure-built-"));
    mkdirSync(join(dir, "bin"));
    mkdirSync(join(dir, "src"));
    copyFileSync(join(ROOT, "bin/ensure-built.js"), join(dir, "bin/ensure-built.js"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { module: "NodeNext", target: "ES2023", outDir: "dist", rootDir: ".", types: [] }, include: ["src"] }),
    );
    writeFileSync(join(dir, "tsconfig.build.json"), JSON.stringify({ extends: "./tsconfig.json" }));
    writeFileSync(join(dir, "src/a.ts"), "export const a: number = 1;\n");
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (...args: string[]) => {
    const p = startGroup(
      process.execPath,
      ["-e", `import(${JSON.stringify(join(dir, "bin/ensure-built.js"))}).then((m) => m.ensureBuilt(${args.includes("--force") ? "{ force: true }" : ""}))`],
      { cwd: dir, env: { PATH: process.env["PATH"] ?? "" } },
    );
    const code = await p.exited();
    return { code, stderr: p.stderr() };
  };

  it("builds on a cold start and says so, skips a warm start, and builds again after an edit or a new file", async () => {
    const cold = await run();
    expect(cold.code).toBe(0);
    expect(cold.stderr).toMatch(
      /^kargo-api: building \(tsc -p tsconfig\.build\.json\): the sources changed since the last build …\nkargo-api: built in [\d.]+ s\n$/,
    );
    expect(readFileSync(join(dir, "dist/src/a.js"), "utf8")).toContain("export const a = 1");

    expect(await run()).toEqual({ code: 0, stderr: "" });

    // Saved just after the last build started (the stamp's time), so before the next one starts.
    const afterStamp = () => new Date(statSync(join(dir, "dist/.build-stamp")).mtimeMs + 1);
    utimesSync(join(dir, "src/a.ts"), afterStamp(), afterStamp());
    expect((await run()).stderr).toMatch(/building/);
    expect(await run()).toEqual({ code: 0, stderr: "" });

    writeFileSync(join(dir, "src/b.ts"), "export const b = 2;\n");
    utimesSync(join(dir, "src"), afterStamp(), afterStamp());
    expect((await run()).stderr).toMatch(/building/);
    expect(existsSync(join(dir, "dist/src/b.js"))).toBe(true);
  }, 120_000);

  it("exits 3 without a stamp when tsc fails, so the next start tries again", async () => {
    writeFileSync(join(dir, "src/bad.ts"), "export const c: number = 'not a number';\n");
    const afterStamp = new Date(statSync(join(dir, "dist/.build-stamp")).mtimeMs + 1);
    utimesSync(join(dir, "src"), afterStamp, afterStamp);
    const failed = await run();
    expect(failed.code).toBe(3);
    expect(failed.stderr).toMatch(/kargo-api: build failed \(tsc exit \d+\)/);
    expect(existsSync(join(dir, "dist/.build-lock"))).toBe(false);
    rmSync(join(dir, "src/bad.ts"));
    const fixed = await run();
    expect(fixed.code).toBe(0);
    expect(fixed.stderr).toMatch(/building/);
  }, 120_000);
});

// Items 1, 2 and issue 12 item 10: npm start and npx kargo-api serve, as people run them.
describe("npm start and npx kargo-api serve (the real processes)", () => {
  const started: GroupProcess[] = [];
  const dirs: string[] = [];
  const dataDir = () => {
    const d = mkdtempSync(join(tmpdir(), "kargo-first-run-"));
    dirs.push(d);
    return d;
  };
  const start = (command: string, args: string[], env: NodeJS.ProcessEnv) => {
    const p = startGroup(command, args, { cwd: ROOT, env });
    started.push(p);
    return p;
  };

  beforeAll(async () => {
    // dist/ current first, so the starts below are warm ones (it builds here if the sources changed).
    const build = startGroup(process.execPath, [join(ROOT, "bin/ensure-built.js")], { cwd: ROOT, env: { PATH: process.env["PATH"] ?? "" } });
    expect(await build.exited()).toBe(0);
  }, 600_000);
  afterAll(() => {
    for (const p of started) p.killGroup();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("npm start: warm (no build), JSON logs on a pipe, the banner; npm's child is the server itself and SIGTERM to npm stops it", async () => {
    const dir = dataDir();
    const npm = start("npm", ["start"], serverEnv(dir, { ADMIN_ACCOUNT_PASSWORD: STACK_ADMIN_PASSWORD }));
    const [, url] = await npm.waitFor(/Kargo API serving at (http:\/\/127\.0\.0\.1:\d+) \(embedded mode\)/, "stderr");
    expect(npm.stderr()).not.toMatch(/building/);
    expect(npm.stderr()).toContain("  admin password: ADMIN_ACCOUNT_PASSWORD\n");
    expect(npm.stderr()).toContain(`  kubeconfig:     ${dir}/kubeconfig (embedded Kubernetes API; kubectl --kubeconfig works with it)\n`);
    expect(npm.stderr()).toContain(`  next:           npx kargo-api login --admin --server ${url}   (then: npx kargo-api get projects)\n`);
    // On a pipe the log lines are JSON. The log goes to stdout and the banner to stderr: two pipes,
    // so the log line may arrive after the banner.
    const [serving] = await npm.waitFor(/^.*kargo api serving.*$/m, "stdout");
    expect(JSON.parse(serving)).toMatchObject({ msg: `kargo api serving at ${url}/`, mode: "embedded" });

    // npm runs `exec node bin/start.js`: its one child is node, serving (no shell in between).
    const [server, ...others] = await childrenOf(npm.pid);
    expect(others).toEqual([]);
    expect(readlinkSync(`/proc/${server}/exe`)).toMatch(/\/node$/);
    expect(readFileSync(`/proc/${server}/cmdline`, "utf8").split("\0")).toContain("bin/start.js");
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    process.kill(npm.pid, "SIGTERM");
    await eventually(() => !alive(server!));
    expect(await refused(url!)).toBe(true);
    expect(npm.stdout()).toMatch(/"signal":"SIGTERM".*"msg":"shutting down"/);
    expect(npm.stdout()).toMatch(/"msg":"stopped"/);
  }, 300_000);

  it("npx kargo-api serve: the first-start banner shows the generated password's source, and SIGTERM to npx stops the server too", async () => {
    const dir = dataDir();
    const npx = start("npx", ["kargo-api", "serve"], serverEnv(dir));
    const [, url] = await npx.waitFor(/Kargo API serving at (http:\/\/127\.0\.0\.1:\d+)/, "stderr");
    expect(npx.stderr()).toMatch(/generated admin password \(shown once; only its hash is kept in [^)]+\): \S+/);
    expect(npx.stderr()).toContain(`  admin password: generated at this first start and shown above, once (only its hash is kept in ${dir})`);
    // The server is whichever process listens; npm passes SIGTERM to its shell, which does not pass it on.
    process.kill(npx.pid, "SIGTERM");
    await eventually(() => refused(url!));
    await eventually(() => npx.stdout().includes('"msg":"stopped"'));
    expect(npx.stdout()).toMatch(/npm, which started this server, is gone: shutting down/);
  }, 300_000);

  // Item 2: pretty, coloured lines on a terminal (a pseudo-terminal from script(1)), plain without colour under NO_COLOR.
  it.each([
    ["a terminal", {}, true, true],
    ["a terminal with NO_COLOR", { NO_COLOR: "1" }, true, false],
    ["a terminal with LOG_FORMAT=json", { LOG_FORMAT: "json" }, false, false],
  ])(
    "logs on %s",
    async (_what, extra: Record<string, string>, pretty: boolean, colour: boolean) => {
      const dir = dataDir();
      const term = start(
        "script",
        ["-qfec", "node bin/start.js", "/dev/null"],
        serverEnv(dir, { ADMIN_ACCOUNT_PASSWORD: STACK_ADMIN_PASSWORD, TERM: "xterm", ...extra }),
      );
      await term.waitFor(/kargo api serving at http:\/\/127\.0\.0\.1:\d+\//);
      const out = term.stdout();
      const line = out.split(/\r?\n/).find((l) => l.includes("kargo api serving at"))!;
      if (pretty) {
        expect(line).not.toContain('{"level"');
        expect(line).toMatch(/INFO/);
        expect(line.includes(ESC)).toBe(colour);
      } else {
        expect(JSON.parse(line.trim())).toMatchObject({ level: 30, mode: "embedded" });
      }
      term.killGroup("SIGTERM");
      await term.exited();
    },
    300_000,
  );
});
