import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startGroup, type GroupProcess } from "../support/process-group.js";
import { compiled, compiledMain } from "../support/compiled-main.js";
import { eventually } from "../support/eventually.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PACKAGE_DIR = "/node_modules/@kubernetes/client-node/";

// The build bundles src/kube/client-node.ts's compiled form (bin/bundle-client-node.js), so the
// compiled server loads the parts of @kubernetes/client-node it uses instead of the package root,
// which loads every generated API class and model.
describe("the compiled server's @kubernetes/client-node", () => {
  let dir = "";
  const started: GroupProcess[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kargo-client-node-bundle-"));
  });
  afterAll(() => {
    for (const p of started) p.killGroup();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is one bundled module that imports no file of the package", () => {
    const bundle = readFileSync(compiled("src/kube/client-node.js"), "utf8");
    const imported = [...bundle.matchAll(/^import\b[^;]*?from\s*"([^"]+)"/gm)].map((m) => m[1]!);
    expect(imported).toContain("undici");
    expect(imported.filter((specifier) => specifier.startsWith("@kubernetes/client-node") || specifier.startsWith("."))).toEqual([]);
    expect(bundle).not.toMatch(/\bimport\(|\brequire\(/);
    // It exports what src/kube/client-node.ts names; the generated API classes and models are left out.
    const exported = bundle
      .match(/^export \{([^}]*)\};/m)?.[1]
      ?.split(",")
      .map((name) => name.trim());
    expect(exported?.sort()).toEqual(["ApiException", "HttpMethod", "IsomorphicFetchHttpLibrary", "KubeConfig", "RequestContext", "Watch"]);
    expect(bundle).not.toMatch(/CoreV1Api|CustomObjectsApi|ObjectSerializer|V1Pod\b/);
  });

  it("serves in embedded mode through it, without loading any module of the package", async () => {
    const record = join(dir, "loaded.txt");
    const data = join(dir, "data");
    const server = startGroup(process.execPath, ["--import", join(ROOT, "test/support/record-loaded-modules.js"), compiledMain()], {
      cwd: ROOT,
      env: {
        PATH: process.env["PATH"] ?? "",
        HOME: dir,
        PORT: "0",
        BIND_ADDRESS: "127.0.0.1",
        KARGO_DATA_DIR: data,
        LOG_LEVEL: "info",
        GRACEFUL_SHUTDOWN_TIMEOUT: "2s",
        RECORD_LOADED_MODULES: record,
      },
    });
    started.push(server);
    // The serving line (src/start-kargo-api.ts logs url before mode).
    const url = (await server.waitFor(/"url":"(http[^"]+)"[^\n]*"mode":"embedded"/))[1]!.replace("localhost", "127.0.0.1");
    // Ready: the server reached the embedded control plane through client-node's transport and KubeConfig.
    await eventually(async () => (await fetch(new URL("readyz", url))).status === 200, "ready");
    server.child.kill("SIGTERM");
    expect(await server.exited()).toBe(0);

    const loaded = readFileSync(record, "utf8").split("\n").filter(Boolean);
    expect(loaded).toContain(pathToFileURL(join(ROOT, "dist/src/kube/client-node.js")).href);
    // The record sees packages (client-node's own dependencies load from node_modules) …
    expect(loaded.some((u) => u.includes("/node_modules/undici/"))).toBe(true);
    // … and none of client-node's files.
    expect(loaded.filter((u) => u.includes(PACKAGE_DIR))).toEqual([]);
  }, 120_000);

  // The bundle imports client-node's dependencies from its own place in dist/; were one of them
  // nested under client-node (another version than the top-level one), the bundle would load the
  // wrong one. A project with the real build scripts, a copy of client-node, and the rest linked.
  it("fails the build, saying why, when the bundle would load another copy of a dependency than client-node does", async () => {
    const project = join(dir, "project");
    const modules = realpathSync(join(ROOT, "node_modules"));
    mkdirSync(join(project, "bin"), { recursive: true });
    mkdirSync(join(project, "src/kube"), { recursive: true });
    mkdirSync(join(project, "node_modules/@kubernetes"), { recursive: true });
    for (const script of ["ensure-built.js", "bundle-client-node.js"]) copyFileSync(join(ROOT, "bin", script), join(project, "bin", script));
    writeFileSync(join(project, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { module: "NodeNext", target: "ES2023", outDir: "dist", rootDir: ".", types: [], noImplicitAny: false },
        include: ["src"],
      }),
    );
    writeFileSync(join(project, "tsconfig.build.json"), JSON.stringify({ extends: "./tsconfig.json" }));
    writeFileSync(join(project, "src/kube/client-node.ts"), 'export { KubeConfig } from "@kubernetes/client-node";\n');
    for (const name of readdirSync(modules)) if (name !== "@kubernetes") symlinkSync(join(modules, name), join(project, "node_modules", name));
    const clientNode = join(project, "node_modules/@kubernetes/client-node");
    const copyCode = (from: string, to: string) => cpSync(from, to, { recursive: true, filter: (path) => !/\.(map|ts)$/.test(path) });
    copyCode(join(modules, "@kubernetes/client-node"), clientNode);
    rmSync(join(clientNode, "node_modules"), { recursive: true, force: true });
    copyCode(join(modules, "undici"), join(clientNode, "node_modules/undici"));

    const build = async () => {
      const p = startGroup(process.execPath, [join(project, "bin/ensure-built.js")], { cwd: project, env: { PATH: process.env["PATH"] ?? "" } });
      started.push(p);
      return { code: await p.exited(), stderr: p.stderr(), stdout: p.stdout() };
    };
    const nested = await build();
    expect(nested.stdout).toBe("");
    expect(nested.code).toBe(3);
    expect(nested.stderr).toContain(
      `kargo-api: cannot bundle @kubernetes/client-node: undici resolves to ${join(modules, "undici")}/index.js from the bundle but to ${clientNode}/node_modules/undici/index.js from @kubernetes/client-node\n`,
    );
    expect(nested.stderr).toMatch(/kargo-api: build failed \(bundling @kubernetes\/client-node: exit 1\)\n$/);
    expect(existsSync(join(project, "dist/.build-stamp"))).toBe(false);

    // The same project with client-node's dependencies where the bundle finds them: built, and the bundle works.
    rmSync(join(clientNode, "node_modules"), { recursive: true });
    expect((await build()).code).toBe(0);
    const bundle = join(project, "dist/src/kube/client-node.js");
    expect(readFileSync(bundle, "utf8")).not.toContain('from "@kubernetes/client-node"');
    const check = startGroup(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const { KubeConfig } = await import(${JSON.stringify(bundle)}); const kc = new KubeConfig(); kc.loadFromOptions({ clusters: [{ name: "c", server: "https://127.0.0.1:6443" }], users: [{ name: "u", token: "t" }], contexts: [{ name: "x", cluster: "c", user: "u" }], currentContext: "x" }); console.log(kc.getCurrentCluster().server);`,
      ],
      { cwd: project, env: { PATH: process.env["PATH"] ?? "" } },
    );
    started.push(check);
    expect([await check.exited(), check.stdout(), check.stderr()]).toEqual([0, "https://127.0.0.1:6443\n", ""]);
  }, 120_000);
});
