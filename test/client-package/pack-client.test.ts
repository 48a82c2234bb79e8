import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { CLIENT_PACKAGE_NAME, packClient, releaseToGit, type PackedClient } from "../../client/pack-client.js";
import { CONTRACT_VERSION } from "../../src/client/contract-version.js";
import { adminClient, applyPipeline, createFreight } from "../cli/support/admin-client.js";
import { runProgram } from "../support/run-program.js";
import { STACK_ADMIN_PASSWORD, useKargoStack } from "../support/use-kargo-stack.js";

const run = promisify(execFile);
const root = new URL("../..", import.meta.url).pathname;
const tsc = join(root, "node_modules/.bin/tsc");
const rootPackage = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { dependencies: Record<string, string> };
const typesNode = (JSON.parse(await readFile(join(root, "node_modules/@types/node/package.json"), "utf8")) as { version: string }).version;

/** What the package may bring into a consumer: the client's runtime dependencies, nothing else. */
const CLIENT_TREE = [CLIENT_PACKAGE_NAME, "@bufbuild/protobuf", "@connectrpc/connect", "@connectrpc/connect-node", "@connectrpc/connect-web"].sort();
/** The consumer's own dev dependency (for `process` in its programs) and what that brings. */
const CONSUMER_OWN = ["@types/node", "undici-types"];

/**
 * npm install in a consumer project: from the npm cache alone when it has everything (fast, no
 * network), else allowed to fill the cache from the registry once.
 */
async function npmInstall(cwd: string, specs: string[]): Promise<void> {
  const flags = ["install", "--no-audit", "--no-fund", "--no-update-notifier", "--loglevel=error"];
  try {
    await run("npm", [...flags, "--offline", ...specs], { cwd, timeout: 300_000 });
  } catch {
    await run("npm", [...flags, "--prefer-offline", ...specs], { cwd, timeout: 300_000 });
  }
}

/** A fresh consumer project outside the repository: its own package.json and tsconfig. */
async function consumerProject(base: string, name: string, files: string[]): Promise<string> {
  const dir = join(base, name);
  await run("mkdir", ["-p", dir]);
  await writeFile(join(dir, "package.json"), JSON.stringify({ name, private: true, type: "module" }, null, 2));
  await writeFile(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, types: ["node"], skipLibCheck: false },
      files,
    }),
  );
  return dir;
}

/** tsc's exit code and diagnostics for the consumer project `dir` (tsconfig `project`). */
async function typecheck(dir: string, project = "tsconfig.json"): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(tsc, ["-p", project, "--pretty", "false"], { cwd: dir });
    return { code: 0, output: stdout };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe("the client package (npm run pack:client)", () => {
  const stack = useKargoStack();
  let work: string;
  let packed: PackedClient;
  let consumer: string;
  const example = readFileSync(join(root, "client/examples/follow-promotions.ts"), "utf8");

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "kargo-client-package-"));
    packed = packClient(join(work, "out"));
    consumer = await consumerProject(work, "consumer", ["follow-promotions.ts", "generated.ts"]);
    await npmInstall(consumer, [packed.tarball, `@types/node@${typesNode}`]);
    await writeFile(join(consumer, "follow-promotions.ts"), example);
  }, 600_000);
  afterAll(async () => {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it("is versioned with the contract and depends on the client's libraries only, at the repository's versions", async () => {
    const manifest = JSON.parse(await readFile(join(packed.directory, "package.json"), "utf8"));
    expect(manifest.name).toBe(CLIENT_PACKAGE_NAME);
    expect(manifest.version).toBe(CONTRACT_VERSION);
    expect(packed.tarball.endsWith(`${CLIENT_PACKAGE_NAME}-${CONTRACT_VERSION}.tgz`)).toBe(true);
    const pinned = (n: string) => rootPackage.dependencies[n]!;
    expect(manifest.dependencies).toEqual({
      "@bufbuild/protobuf": `^${pinned("@bufbuild/protobuf")}`,
      "@connectrpc/connect": pinned("@connectrpc/connect"),
      "@connectrpc/connect-node": pinned("@connectrpc/connect-node"),
      "@connectrpc/connect-web": pinned("@connectrpc/connect-web"),
    });
    expect(manifest.scripts).toBeUndefined();
  });

  it("installs with nothing compiled and no server dependency in the consumer's tree", async () => {
    const lock = JSON.parse(await readFile(join(consumer, "package-lock.json"), "utf8")) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const installed = Object.keys(lock.packages)
      .filter((path) => path !== "")
      .map((path) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length));
    expect(installed.filter((name) => !CONSUMER_OWN.includes(name)).sort()).toEqual(CLIENT_TREE);
    for (const server of Object.keys(rootPackage.dependencies).filter((n) => !CLIENT_TREE.includes(n))) expect(installed).not.toContain(server);
    expect(Object.entries(lock.packages).filter(([, p]) => p.hasInstallScript)).toEqual([]);
    // ESM with declarations, source maps and the sources they point at.
    const dist = join(consumer, "node_modules", CLIENT_PACKAGE_NAME, "dist/src/client");
    const files = await readdir(dist);
    for (const f of ["index.js", "index.d.ts", "index.js.map", "index.d.ts.map", "web.js", "web.d.ts"]) expect(files).toContain(f);
    const map = JSON.parse(await readFile(join(dist, "watch-resumable.js.map"), "utf8")) as { sources: string[] };
    await expect(readFile(join(dist, map.sources[0]!), "utf8")).resolves.toContain("export async function* watchResumable");
  });

  it("type-checks the README's program, and tsc rejects a misspelt method and a wrong field type", async () => {
    expect(await readFile(join(root, "client/README.md"), "utf8")).toContain(example.trim());
    // Every generated file of kargo.api.v1 and gRPC health by its documented path.
    const v1 = (await readdir(join(root, "gen/kargo/api/v1"))).filter((f) => f.endsWith("_pb.ts")).map((f) => `gen/kargo/api/v1/${f.replace(/\.ts$/, ".js")}`);
    const paths = [...v1, "gen/grpc/health/v1/health_pb.js"];
    await writeFile(
      join(consumer, "generated.ts"),
      [
        'import type { DescFile } from "@bufbuild/protobuf";',
        ...paths.map((p, i) => `import * as m${i} from "${CLIENT_PACKAGE_NAME}/${p}";`),
        'import { HealthCheckResponse_ServingStatus, type HealthCheckRequest } from "kargo-api-client/gen/grpc/health/v1/health_pb.js";',
        'import { ProjectService } from "kargo-api-client/gen/kargo/api/v1/project_service_pb.js";',
        'const request: HealthCheckRequest = { $typeName: "grpc.health.v1.HealthCheckRequest", service: "" };',
        `const files: DescFile[] = [${paths.map((_, i) => `...Object.values(m${i}).filter((v): v is DescFile => typeof v === "object" && v !== null && (v as { kind?: unknown }).kind === "file")`).join(", ")}];`,
        "console.log(JSON.stringify({ files: files.map((f) => f.name), rpcs: ProjectService.methods.length, serving: HealthCheckResponse_ServingStatus.SERVING, request: request.service }));",
      ].join("\n"),
    );
    const good = await typecheck(consumer);
    expect(good).toEqual({ code: 0, output: "" });

    const { stdout } = await run(process.execPath, ["generated.ts"], { cwd: consumer });
    const result = JSON.parse(stdout) as { files: string[]; rpcs: number; serving: number };
    expect(result.files.sort()).toEqual(paths.map((p) => p.replace(/^gen\//, "").replace(/_pb\.js$/, "")).sort());
    expect(result.rpcs).toBeGreaterThan(0);
    expect(result.serving).toBe(1);

    await writeFile(
      join(consumer, "bad.ts"),
      [
        'import { createKargoClient } from "kargo-api-client";',
        'const kargo = createKargoClient("http://localhost:8080");',
        "await kargo.projects.listProjectz({});",
        "await kargo.projects.createProject({ name: 42 });",
      ].join("\n"),
    );
    await writeFile(join(consumer, "tsconfig.bad.json"), JSON.stringify({ extends: "./tsconfig.json", files: ["bad.ts"] }));
    const bad = await typecheck(consumer, "tsconfig.bad.json");
    expect(bad.code).not.toBe(0);
    expect(bad.output).toMatch(/bad\.ts\(3,\d+\): error TS2551: Property 'listProjectz' does not exist .*Did you mean 'listProjects'\?/);
    expect(bad.output).toMatch(/bad\.ts\(4,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/);
  }, 180_000);

  it("runs the README's program against a live server: GetVersionInfo, ListProjects, a watch that sees a promotion", async () => {
    const admin = adminClient(stack());
    await applyPipeline(admin, "consumer");
    const program = runProgram(process.execPath, ["follow-promotions.ts"], {
      cwd: consumer,
      env: { PATH: process.env["PATH"] ?? "", KARGO_API_URL: stack().baseUrl, KARGO_ADMIN_PASSWORD: STACK_ADMIN_PASSWORD, KARGO_PROJECT: "consumer" },
    });
    try {
      // The change is made once the program is watching, so it can only learn of it live.
      await program.printed("watching promotions of consumer");
      const freight = await createFreight(admin, "consumer", "3.0.0", "consumed");
      const name = (await admin.promotions.promoteToStage({ project: "consumer", stage: "test", freight })).promotion!.metadata!.name;
      expect(await program.exited).toBe(0);
      const lines = program.stdout().trim().split("\n");
      expect(lines[0]).toBe(`server ${(await admin.system.getVersionInfo({})).versionInfo!.version}, contract ${CONTRACT_VERSION}`);
      expect(lines[1]).toMatch(/^projects: .*\bconsumer\b/);
      expect(lines[2]).toBe("watching promotions of consumer");
      expect(lines[3]).toMatch(new RegExp(`^ADDED ${name} of ${freight} to test: `));
    } finally {
      program.kill();
    }
  }, 60_000);

  it("bundles for browsers from kargo-api-client/web (esbuild), without Node's transport", async () => {
    await writeFile(
      join(consumer, "browser.ts"),
      'import { createKargoWebClient, staticToken } from "kargo-api-client/web";\nexport const kargo = createKargoWebClient("https://kargo.example.org", { auth: staticToken("token") });\n',
    );
    const result = await build({
      entryPoints: [join(consumer, "browser.ts")],
      absWorkingDir: consumer,
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      logLevel: "silent",
    });
    const bundle = result.outputFiles[0]!.text;
    expect(bundle).toContain("function createKargoWebClient(");
    // esbuild names each module it bundled in a comment.
    expect(bundle).toContain("// node_modules/kargo-api-client/dist/gen/kargo/api/v1/promotion_service_pb.js");
    expect(bundle).not.toMatch(/connect-node|node:http2|from "node:/);
  });

  it("installs from a git URL of the release tag (npm run pack:client -- --git-release)", async () => {
    const repo = join(work, "kargo-api.git");
    await run("git", ["init", "--quiet", "--bare", repo]);
    const ident = {
      GIT_AUTHOR_NAME: "release",
      GIT_AUTHOR_EMAIL: "release@example.org",
      GIT_COMMITTER_NAME: "release",
      GIT_COMMITTER_EMAIL: "release@example.org",
    };
    releaseToGit(packed, repo, ident);
    // npm's git resolver needs HEAD to name an existing branch, as a real repository's default
    // branch does; in this bare repository the release branch is the only one.
    await run("git", ["--git-dir", repo, "symbolic-ref", "HEAD", "refs/heads/client-package"]);
    const gitConsumer = await consumerProject(work, "git-consumer", []);
    await npmInstall(gitConsumer, [`git+file://${repo}#client-v${CONTRACT_VERSION}`]);
    const { stdout } = await run(
      process.execPath,
      ["--input-type=module", "-e", 'const k = await import("kargo-api-client"); console.log(k.CONTRACT_VERSION, typeof k.createKargoClient)'],
      { cwd: gitConsumer },
    );
    expect(stdout.trim()).toBe(`${CONTRACT_VERSION} function`);
  }, 300_000);
});
