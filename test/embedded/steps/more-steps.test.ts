import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Promotion } from "../../../src/domain/types.js";
import { isStepFailure, type StepContext } from "../../../src/embedded/steps/step-types.js";
import { untar } from "../../../src/embedded/steps/untar.js";
import { createTestRepository, git } from "../controllers/support/git-repository.js";
import { createFreight, createPromotion, createStage, terminalPromotion } from "../controllers/support/kargo-objects.js";
import { useControllers } from "../controllers/support/use-controllers.js";
import { stepContext } from "./support/step-context.js";

const PROJECT = "steps";
const IMAGE = "example.com/app";

/** A tar archive built by Debian's GNU tar from `files` (paths as given, `-P` keeps absolute and `..` names). */
function tarball(dir: string, name: string, args: string[]): string {
  const file = join(dir, name);
  execFileSync("tar", ["-C", dir, "-P", "-czf", file, ...args]);
  return file;
}

describe("the steps json-*, yaml-*, toml-*, file-write, http, http-download, untar and fail in promotions", () => {
  const fixture = useControllers();
  let server: Server;
  let base = "";
  let archiveDir: string;
  const posted: string[] = [];

  beforeAll(async () => {
    await fixture.createProject(PROJECT);
    archiveDir = mkdtempSync(join(tmpdir(), "archives-"));
    mkdirSync(join(archiveDir, "bundle", "conf"), { recursive: true });
    writeFileSync(join(archiveDir, "bundle", "conf", "app.txt"), "from the archive\n");
    tarball(archiveDir, "bundle.tgz", ["bundle"]);
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        if (req.url === "/bundle.tgz") {
          res.end(readFileSync(join(archiveDir, "bundle.tgz")));
          return;
        }
        if (req.url?.startsWith("/echo")) posted.push(`${req.method} ${req.url} ${req.headers["x-kargo"] ?? ""} ${body}`);
        res.setHeader("content-type", "application/json");
        res.statusCode = req.url === "/missing" ? 404 : 200;
        res.end(JSON.stringify({ echo: body, ok: req.url !== "/missing" }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    rmSync(archiveDir, { recursive: true, force: true });
  });

  let freightName: string | undefined;
  async function promote(stageName: string, steps: unknown[]): Promise<Promotion> {
    const stage = await createStage(fixture.client, PROJECT, stageName, { warehouse: "images", steps: steps as never });
    freightName ??= (await createFreight(fixture.client, PROJECT, "images", { images: [{ repoURL: IMAGE, tag: "1.4.0" }] })).metadata.name!;
    const created = await createPromotion(fixture.client, stage, freightName);
    return terminalPromotion(fixture.client, PROJECT, created.metadata.name!);
  }

  it("passes each step's outputs to later steps through expressions", async () => {
    const promotion = await promote("chain", [
      { uses: "file-write", config: { path: "./cfg/app.json", contents: '{"app": {"version": "0.0.0", "replicas": 1}}' } },
      { uses: "json-update", as: "ju", config: { path: "./cfg/app.json", updates: [{ key: "app.version", value: `\${{ imageFrom("${IMAGE}").Tag }}` }] } },
      {
        uses: "json-parse",
        as: "json",
        config: {
          path: "./cfg/app.json",
          outputs: [
            { name: "version", fromExpression: "app.version" },
            { name: "replicas", fromExpression: "app.replicas + 1" },
          ],
        },
      },
      { uses: "file-write", config: { path: "./cfg/app.toml", contents: '# settings\n[image]\ntag = "none"\n' } },
      {
        uses: "toml-update",
        as: "tu",
        config: {
          path: "./cfg/app.toml",
          updates: [
            { key: "image.tag", value: "${{ outputs.json.version }}" },
            { key: "image.replicas", value: "${{ outputs.json.replicas }}" },
          ],
        },
      },
      {
        uses: "toml-parse",
        as: "toml",
        config: {
          path: "./cfg/app.toml",
          outputs: [
            { name: "tag", fromExpression: "image.tag" },
            { name: "replicas", fromExpression: "image.replicas" },
          ],
        },
      },
      { uses: "file-write", config: { path: "./base.yaml", contents: "# base\nname: app\nnested:\n  keep: 1\n  over: 1\nlist: [a]\n" } },
      { uses: "file-write", config: { path: "./over.yaml", contents: "nested:\n  over: 2\n  tag: ${{ outputs.toml.tag }}\nlist: [b]\n" } },
      { uses: "yaml-merge", config: { inFiles: ["./base.yaml", "./over.yaml", "./absent.yaml"], outFile: "./merged/values.yaml", ignoreMissingFiles: true } },
      {
        uses: "yaml-parse",
        as: "yaml",
        config: {
          path: "./merged/values.yaml",
          outputs: [
            { name: "tag", fromExpression: "nested.tag" },
            { name: "keep", fromExpression: "nested.keep" },
            { name: "list", fromExpression: "list" },
          ],
        },
      },
      {
        uses: "http",
        as: "web",
        config: {
          method: "POST",
          url: `${base}/echo`,
          queryParams: [{ name: "stage", value: "${{ ctx.stage }}" }],
          headers: [{ name: "x-kargo", value: "yes" }],
          body: "${{ outputs.yaml.tag }}",
          successExpression: "response.status == 200 && response.body.ok",
          outputs: [
            { name: "echo", fromExpression: "response.body.echo" },
            { name: "type", fromExpression: 'response.header("content-type")' },
          ],
        },
      },
      { uses: "http-download", config: { url: `${base}/bundle.tgz`, outPath: "./downloads/bundle.tgz" } },
      { uses: "untar", config: { inPath: "./downloads/bundle.tgz", outPath: "./unpacked", stripComponents: 1 } },
      { uses: "tar", config: { inPath: "./unpacked", outPath: "./repacked/again.tgz" } },
      { uses: "untar", config: { inPath: "./repacked/again.tgz", outPath: "./again" } },
      { uses: "yaml-parse", as: "again", config: { path: "./again/conf/app.txt", outputs: [{ name: "text", fromExpression: "value" }] } },
      {
        uses: "compose-output",
        as: "all",
        config: {
          jsonCommit: "${{ outputs.ju.commitMessage }}",
          tomlCommit: "${{ outputs.tu.commitMessage }}",
          replicas: "${{ outputs.toml.replicas }}",
          keep: "${{ outputs.yaml.keep }}",
          list: "${{ outputs.yaml.list }}",
          echo: "${{ outputs.web.echo }}",
          type: "${{ outputs.web.type }}",
          again: "${{ outputs.again.text }}",
        },
      },
    ]);
    expect(promotion.status?.["phase"]).toBe("Succeeded");
    const state = promotion.status?.["state"] as Record<string, Record<string, unknown>>;
    expect(state["json"]).toEqual({ version: "1.4.0", replicas: 2 });
    expect(state["toml"]).toEqual({ tag: "1.4.0", replicas: 2 });
    expect(state["yaml"]).toEqual({ tag: "1.4.0", keep: 1, list: ["b"] });
    expect(state["all"]).toEqual({
      jsonCommit: 'Updated ./cfg/app.json\n\n- app.version: "1.4.0"',
      tomlCommit: 'Updated ./cfg/app.toml\n\n- image.tag: "1.4.0"\n- image.replicas: 2',
      replicas: 2,
      keep: 1,
      list: ["b"],
      echo: "1.4.0",
      type: "application/json",
      again: "from the archive",
    });
    expect(posted).toContain("POST /echo?stage=chain yes 1.4.0");
  });

  it("tags the checkout with git-tag, pushes the tag with git-push, and hands the tag on", async () => {
    const repo = createTestRepository();
    const head = repo.commit({ "app.yaml": "version: 1\n" }, "version 1");
    const promotion = await promote("tagging", [
      { uses: "git-clone", config: { repoURL: repo.url, checkout: [{ branch: "main", path: "./src" }] } },
      {
        uses: "git-tag",
        as: "tagged",
        config: { path: "./src", tag: `release-\${{ imageFrom("${IMAGE}").Tag }}`, tagger: { name: "Releaser", email: "r@example.com" } },
      },
      { uses: "git-push", config: { path: "./src" } },
      { uses: "compose-output", as: "result", config: { tag: "${{ outputs.tagged.tag }}" } },
    ]);
    expect(promotion.status?.["phase"]).toBe("Succeeded");
    expect((promotion.status?.["state"] as Record<string, unknown>)["result"]).toEqual({ tag: "release-1.4.0" });
    expect(git(repo.bare, "rev-parse", "release-1.4.0^{commit}")).toBe(head);
    expect(git(repo.bare, "for-each-ref", "--format=%(taggername)", "refs/tags/release-1.4.0")).toBe("Releaser");
    const bad = await promote("tagging-bad", [
      { uses: "git-clone", config: { repoURL: repo.url, checkout: [{ branch: "main", path: "./src" }] } },
      { uses: "git-tag", config: { path: "./src", tag: "bad..tag" } },
    ]);
    expect(bad.status?.["message"]).toContain('step "git-tag": config.tag "bad..tag" is not a valid tag name');
  });

  it("sets Stage and Freight metadata and the Freight's alias, handing the alias on", async () => {
    const promotion = await promote("metadata", [
      {
        uses: "set-metadata",
        config: {
          updates: [
            { kind: "Stage", name: "${{ ctx.stage }}", values: { deployedBy: "${{ ctx.promotion }}", tested: true } },
            { kind: "Freight", name: "${{ ctx.targetFreight.name }}", values: { ticket: { id: 42 } } },
          ],
        },
      },
      { uses: "set-freight-alias", as: "named", config: { name: "${{ ctx.targetFreight.name }}", alias: "golden-${{ ctx.stage }}" } },
      { uses: "compose-output", as: "result", config: { alias: "${{ outputs.named.alias }}" } },
    ]);
    expect(promotion.status?.["phase"]).toBe("Succeeded");
    expect((promotion.status?.["state"] as Record<string, unknown>)["result"]).toEqual({ alias: "golden-metadata" });
    const stage = await fixture.client.get("stages", PROJECT, "metadata");
    expect((stage?.["status"] as Record<string, unknown>)["metadata"]).toEqual({ deployedBy: promotion.metadata.name, tested: true });
    const freight = await fixture.client.get("freights", PROJECT, freightName!);
    expect(freight?.["alias"]).toBe("golden-metadata");
    expect((freight?.["status"] as Record<string, unknown>)["metadata"]).toEqual({ ticket: { id: 42 } });

    const missing = await promote("metadata-missing", [{ uses: "set-metadata", config: { updates: [{ kind: "Stage", name: "ghost", values: { a: 1 } }] } }]);
    expect(missing.status?.["message"]).toContain('step "set-metadata": config.updates[0]: Stage "ghost" not found in project "steps"');
    const badKind = await promote("metadata-kind", [{ uses: "set-metadata", config: { updates: [{ kind: "Warehouse", name: "x", values: { a: 1 } }] } }]);
    expect(badKind.status?.["message"]).toContain('step "set-metadata": config.updates[0]: kind "Warehouse" must be Stage or Freight');
    const noAlias = await promote("alias-missing", [{ uses: "set-freight-alias", config: { name: "${{ ctx.targetFreight.name }}" } }]);
    expect(noAlias.status?.["message"]).toContain('step "set-freight-alias": config.alias is required');
  });

  it.each([
    ["fail", { message: "stop here" }, 'step "fail": stop here'],
    ["file-write", { path: "./x" }, 'step "file-write": config.contents is required'],
    ["file-write", { path: "../x", contents: "" }, 'step "file-write": path "../x" leaves the promotion\'s work directory'],
    ["json-parse", { path: "./nope.json", outputs: [{ name: "a", fromExpression: "a" }] }, 'step "json-parse": file "./nope.json" does not exist'],
    ["json-parse", { outputs: [] }, 'step "json-parse": config.path is required'],
    ["json-update", { path: "./a.json" }, 'step "json-update": config.updates is required'],
    ["yaml-parse", { path: "./a.yaml" }, 'step "yaml-parse": config.outputs is required'],
    ["yaml-merge", { inFiles: [], outFile: "./o.yaml" }, 'step "yaml-merge": config.inFiles must be a non-empty list of paths'],
    ["toml-parse", { path: "./a.toml", outputs: [{ name: "x" }] }, 'step "toml-parse": config.outputs[0].fromExpression is required'],
    ["toml-update", { path: "./a.toml", updates: [{ value: 1 }] }, 'step "toml-update": config.updates[0].key is required'],
    ["http", { method: "TRACE", url: "http://127.0.0.1:1/" }, 'step "http": config.method "TRACE" must be one of'],
    ["http", { url: "ftp://127.0.0.1/" }, 'step "http": config.url "ftp://127.0.0.1/" must be http or https'],
    ["http-download", { url: "http://127.0.0.1:1/x" }, 'step "http-download": config.outPath is required'],
    ["untar", { outPath: "./o" }, 'step "untar": config.inPath is required'],
    ["tar", { outPath: "./o.tgz" }, 'step "tar": config.inPath is required'],
    ["set-freight-alias", { alias: "a" }, 'step "set-freight-alias": config.name is required'],
    ["argocd-update", { apps: [{ name: "x" }] }, 'step "argocd-update" cannot run in the embedded engine: it needs an Argo CD API server'],
    ["git-open-pr", {}, "push to the target branch with git-push instead"],
  ])("fails the promotion on a bad %s config, naming the step and field", async (uses, config, message) => {
    const promotion = await promote(`bad-${uses}-${Object.keys(config).join("-") || "empty"}`.toLowerCase().slice(0, 60), [{ uses, config }]);
    expect(promotion.status?.["phase"]).toBe("Failed");
    expect(promotion.status?.["message"]).toContain(message);
  });

  it("fails on an HTTP answer that meets failureExpression and errors (retried) when, without expressions, it is not 2xx", async () => {
    const failing = await promote("http-failure", [{ uses: "http", config: { url: `${base}/echo`, failureExpression: "response.body.ok == true" } }]);
    expect([failing.status?.["phase"], failing.status?.["message"]]).toEqual([
      "Failed",
      'step "step-0" failed: step "http": HTTP (200) response met failure criteria',
    ]);
    const missing = await promote("http-404", [{ uses: "http", config: { url: `${base}/missing` } }]);
    expect(missing.status?.["phase"]).toBe("Errored");
    expect(missing.status?.["message"]).toContain(`step "http": GET ${base}/missing answered HTTP 404`);
  });
});

describe("untar refuses archives that escape the output directory", () => {
  let dir: string;
  let work: string;
  const context = (): StepContext => stepContext(work, { stage: "s", promotion: "s.1.2" });
  const refusal = async (archive: string) => {
    try {
      await untar({ inPath: archive, outPath: "./out" }, context());
    } catch (error) {
      if (isStepFailure(error)) return error.message;
      throw error;
    }
    throw new Error("untar accepted the archive");
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "evil-"));
    work = join(dir, "work");
    mkdirSync(join(work, "payload"), { recursive: true });
    writeFileSync(join(work, "payload", "x.txt"), "x\n");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses an entry climbing out with ../", async () => {
    execFileSync("tar", ["-C", join(work, "payload"), "-P", "-cf", join(work, "up.tar"), "../payload/x.txt"]);
    expect(await refusal("./up.tar")).toBe('step "untar": refusing to extract "./up.tar": entry "../payload/x.txt" leaves the output directory');
  });

  it("refuses an entry with an absolute path", async () => {
    execFileSync("tar", ["-P", "-cf", join(work, "abs.tar"), join(work, "payload", "x.txt")]);
    expect(await refusal("./abs.tar")).toBe(`step "untar": refusing to extract "./abs.tar": entry "${join(work, "payload", "x.txt")}" has an absolute path`);
  });

  it("refuses symbolic links pointing outside, and extracts nothing", async () => {
    symlinkSync("/etc", join(work, "payload", "etc-link"));
    symlinkSync("../../..", join(work, "payload", "up-link"));
    execFileSync("tar", ["-C", join(work, "payload"), "-cf", join(work, "links.tar"), "etc-link"]);
    expect(await refusal("./links.tar")).toBe(
      'step "untar": refusing to extract "./links.tar": entry "etc-link" is a link to "/etc", outside the output directory',
    );
    execFileSync("tar", ["-C", join(work, "payload"), "-cf", join(work, "up.tar"), "up-link"]);
    expect(await refusal("./up.tar")).toBe(
      'step "untar": refusing to extract "./up.tar": entry "up-link" is a link to "../../..", outside the output directory',
    );
    expect(() => readFileSync(join(work, "out", "etc-link", "hostname"))).toThrow();
  });

  it("extracts links that stay inside", async () => {
    symlinkSync("x.txt", join(work, "payload", "inside-link"));
    execFileSync("tar", ["-C", join(work, "payload"), "-cf", join(work, "ok.tar"), "x.txt", "inside-link"]);
    await untar({ inPath: "./ok.tar", outPath: "./out" }, context());
    expect(readFileSync(join(work, "out", "inside-link"), "utf8")).toBe("x\n");
  });
});
