import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { KargoClient } from "../../src/client/index.js";
import { KINDS } from "../../src/cli/get/kinds.js";
import { createTestRepository, type TestRepository } from "../embedded/controllers/support/git-repository.js";
import { useKargoStack } from "../support/use-kargo-stack.js";
import { adminClient, applyPipeline, createFreight } from "./support/admin-client.js";
import { useCli } from "./support/cli-process.js";
import { startGroup, type GroupProcess } from "../support/process-group.js";
import { onTerminal } from "./support/terminal.js";
import { eventually } from "../support/eventually.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ESC = "\u001b[";
const project = "more";

// Issue 14 items 5–8: the commands added to kargo-api, its output, init and the promote permission,
// each run as a process against a live stack (a pseudo-terminal where colour or prompts matter).
describe("kargo-api: roles, projects, delete, config, completion, init, output", () => {
  const stack = useKargoStack();
  const cli = useCli();
  let admin: KargoClient;
  let repo: TestRepository;
  let dir: string;
  const terminals: GroupProcess[] = [];
  const env = (extra: Record<string, string> = {}) => ({
    KARGO_API_TOKEN: stack().adminToken,
    KARGO_API_SERVER: stack().baseUrl,
    KARGO_API_PROJECT: project,
    ...extra,
  });
  const run = (args: string[], extra: Record<string, string> = {}) => cli().run(args, { env: env(extra) });
  const exec = (args: string[], extra: Record<string, string> = {}) => cli().exec(args, { env: env(extra) });

  beforeAll(async () => {
    admin = adminClient(stack());
    await applyPipeline(admin, project);
    repo = createTestRepository();
    repo.commit({ "app/config.yaml": "replicas: 1\n" }, "first");
    dir = await mkdtemp(join(tmpdir(), "kargo-more-"));
    // The built CLI for the pseudo-terminal runs (it builds when the sources changed).
    const build = startGroup(process.execPath, [join(ROOT, "bin/ensure-built.js")], { cwd: ROOT, env: { PATH: process.env["PATH"] ?? "" } });
    expect(await build.exited()).toBe(0);
  }, 600_000);
  afterAll(async () => {
    for (const t of terminals) t.killGroup();
    await rm(dir, { recursive: true, force: true });
  });
  const terminal = (args: string[], extra: Record<string, string> = {}) => {
    const t = onTerminal(args, { HOME: cli().configDir, KARGO_API_CONFIG_DIR: cli().configDir, ...env(extra) });
    terminals.push(t);
    return t;
  };

  describe("create project, delete KIND NAME", () => {
    it("creates and deletes a project by name (spawned)", async () => {
      expect(await run(["create", "project", "scratch"])).toMatchObject({ code: 0, stdout: "project/scratch created\n" });
      expect((await admin.projects.getProject({ name: "scratch" })).result.case).toBe("project");
      expect(await run(["delete", "project", "scratch"])).toMatchObject({ code: 0, stdout: "project/scratch deleted\n" });
    });

    it("deletes a stage, a warehouse and freight by alias; promotions have no Delete RPC", async () => {
      await admin.resources.createOrUpdateResource({
        manifest: new TextEncoder().encode(
          `apiVersion: kargo.akuity.io/v1alpha1\nkind: Warehouse\nmetadata:\n  name: spare\n  namespace: ${project}\nspec:\n  freightCreationPolicy: Manual\n  subscriptions:\n  - image:\n      repoURL: registry.example.org/spare\n`,
        ),
      });
      expect(await exec(["delete", "wh", "spare"])).toMatchObject({ code: 0, stdout: `warehouse/spare deleted from project ${project}\n` });
      await createFreight(admin, project, "9.9.9", "doomed-dodo");
      expect(await exec(["delete", "freight", "doomed-dodo"])).toMatchObject({ code: 0, stdout: `freight/doomed-dodo deleted from project ${project}\n` });
      expect(await exec(["delete", "stage", "nope"])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error: not_found: /) });
      expect(await exec(["delete", "promotion", "x"])).toMatchObject({ code: 2, stderr: expect.stringContaining("the API has no delete of promotions") });
    });

    it("delete -f names the code the objects failed with, not unknown", async () => {
      const file = join(dir, "missing.yaml");
      await writeFile(
        file,
        ["ghost-a", "ghost-b", "ghost-c"]
          .map((n) => `---\napiVersion: kargo.akuity.io/v1alpha1\nkind: Stage\nmetadata:\n  name: ${n}\n  namespace: ${project}\n`)
          .join(""),
      );
      const result = await exec(["delete", "-f", file]);
      expect(result.code).toBe(1);
      expect(result.stderr.trimEnd().split("\n").at(-1)).toBe("error: not_found: 3 of 3 objects failed");
    });
  });

  describe("grant, revoke, update role; kinds as the CLI spells them", () => {
    it("accepts --rule freight:get (freights), grants and revokes claims and rules, and updates the role", async () => {
      expect(await run(["create", "role", "dev", "--rule", "freight:get"])).toMatchObject({ code: 0 });
      const rulesOf = async () => {
        const { result } = await admin.rbac.getRole({ project, name: "dev" });
        return result.case === "role" ? result.value : undefined;
      };
      expect((await rulesOf())!.rules.map((r) => `${r.resources.join()}:${r.verbs.join()}`)).toEqual(["freights:get"]);
      expect(await exec(["grant", "--role", "dev", "--rule", "stage/test:promote"])).toMatchObject({
        code: 0,
        stdout: `granted stage/test:promote to role/dev in project ${project}\n`,
      });
      expect(await exec(["grant", "--role", "dev", "--claim", "email=dev@example.com", "--claim", "groups=devs"])).toMatchObject({ code: 0 });
      let role = (await rulesOf())!;
      expect(role.rules.some((r) => r.resources.includes("stages") && r.resourceNames.includes("test") && r.verbs.includes("promote"))).toBe(true);
      expect(role.claims.map((c) => `${c.name}=${c.values.join()}`).sort()).toEqual(["email=dev@example.com", "groups=devs"]);
      expect(await exec(["revoke", "--role", "dev", "--claim", "groups=devs"])).toMatchObject({
        code: 0,
        stdout: `revoked groups=devs from role/dev in project ${project}\n`,
      });
      expect(await exec(["revoke", "--role", "dev", "--rule", "stages:promote"])).toMatchObject({ code: 0 });
      role = (await rulesOf())!;
      expect(role.claims.map((c) => c.name)).toEqual(["email"]);
      expect(role.rules.some((r) => r.verbs.includes("promote"))).toBe(false);

      expect(await exec(["update", "role", "dev", "--rule", "wh:list", "--description", "developers"])).toMatchObject({
        code: 0,
        stdout: `role/dev updated in project ${project}\n`,
      });
      role = (await rulesOf())!;
      expect(role.rules.map((r) => `${r.resources.join()}:${r.verbs.join()}`)).toEqual(["warehouses:list"]);
      expect(role.claims.map((c) => c.name)).toEqual(["email"]);
      expect(role.metadata?.annotations["kargo.akuity.io/description"]).toBe("developers");
      expect(await exec(["grant", "--role", "dev"])).toMatchObject({ code: 2 });
    });
  });

  // Item 8: the documented permission is enough, and each part of it is needed.
  describe("promote with exactly the documented permissions", () => {
    it("promotes with get+promote on the Stage and create on promotions, and is denied without create", async () => {
      const freight = await createFreight(admin, project, "1.0.0", "steady-stork");
      expect(await exec(["create", "role", "promoter", "--rule", "stages:get,promote", "--rule", "promotions:create"])).toMatchObject({ code: 0 });
      expect(await exec(["create", "role", "half", "--rule", "stages:get,promote"])).toMatchObject({ code: 0 });
      const token = (role: string) => exec(["create", "token", `${role}-token`, "--role", role]).then((r) => r.stdout.trim());
      const promoter = await token("promoter");
      const half = await token("half");
      const asRole = (t: string) => ({ KARGO_API_TOKEN: t });
      const denied = await run(["promote", "--stage", "test", "--freight-alias", "steady-stork"], asRole(half));
      expect(denied).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error: permission_denied: /) });
      const promoted = await run(["promote", "--stage", "test", "--freight-alias", "steady-stork"], asRole(promoter));
      expect(promoted).toMatchObject({
        code: 0,
        stdout: expect.stringMatching(new RegExp(`^promotion/test\\.\\S+ created \\(stage test, freight ${freight}\\)\\n$`)),
      });
    });
  });

  describe("output", () => {
    it("get promotions has a MESSAGE column; a failed Promotion shows its failing step by kind; stages get a meaningful READY", async () => {
      await admin.resources.createOrUpdateResource({
        manifest: new TextEncoder().encode(`apiVersion: kargo.akuity.io/v1alpha1
kind: Stage
metadata:
  name: broken
  namespace: ${project}
spec:
  requestedFreight:
  - origin: {kind: Warehouse, name: images}
    sources: {direct: true}
  promotionTemplate:
    spec:
      steps:
      - uses: git-clone
        config: {repoURL: "file:///nonexistent/kargo-repo.git", checkout: [{branch: main, path: ./src}]}
      - uses: compose-output
        config: {a: b}
`),
      });
      expect((await exec(["get", "stage", "broken"])).stdout).toMatch(/broken\s.*Unknown \(no promotion yet\)/);
      const freight = await createFreight(admin, project, "2.0.0", "fragile-finch");
      await exec(["promote", "--stage", "broken", "--freight", freight]);
      await eventually(
        async () =>
          (await admin.promotions.listPromotions({ project, stage: "broken" })).promotions.some((p) => ["Errored", "Failed"].includes(p.status?.phase ?? "")),
        "the broken promotion to fail",
      );
      const listed = await run(["get", "promotions"]);
      expect(listed.stdout.split("\n")[0]).toMatch(/^NAME\s+STAGE\s+FREIGHT\s+PHASE\s+AGE\s+MESSAGE$/);
      const row = listed.stdout.split("\n").find((l) => l.startsWith("broken."))!;
      expect(row).toMatch(/(Errored|Failed)\s+\S+\s+\S.*/);
      expect(listed.stdout).not.toContain(ESC);

      const watch = cli().start(["watch", "promotions", "--stage", "broken"], { env: env() });
      try {
        const [line] = await watch.waitFor(/ADDED .*broken\..*/);
        expect(line).toMatch(/phase=(Errored|Failed) {2}step=1\/2 \(git-clone: (Errored|Failed)\)/);
      } finally {
        await watch.stop();
      }
      expect((await exec(["get", "stage", "broken"])).stdout).toMatch(/broken\s.*False \(last promotion (Errored|Failed)\)/);
    }, 180_000);

    it("colours phases on a terminal, not with NO_COLOR or on a pipe", async () => {
      const coloured = terminal(["get", "promotions"]);
      expect(await coloured.exited()).toBe(0);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the ANSI colour escapes are what this asserts
      expect(coloured.stdout()).toMatch(/\u001b\[31m(Errored|Failed)\s*\u001b\[39m/);
      const plain = terminal(["get", "promotions"], { NO_COLOR: "1" });
      expect(await plain.exited()).toBe(0);
      expect(plain.stdout()).toMatch(/Errored|Failed/);
      expect(plain.stdout()).not.toContain(ESC);
    }, 120_000);
  });

  describe("config: contexts and several servers", () => {
    it("sets, uses, lists and deletes contexts; --context applies one to a single command; the default is http://localhost:8080", async () => {
      const own = { KARGO_API_TOKEN: stack().adminToken };
      const view = await cli().exec(["config", "view", "-o", "json"], { env: own });
      expect(JSON.parse(view.stdout)).toMatchObject({ server: "http://localhost:8080", project: "", context: "" });
      expect(await cli().exec(["config", "set-context", "local", "--server", stack().baseUrl, "--project", project], { env: own })).toMatchObject({
        code: 0,
        stdout: "context local created\n",
      });
      expect(await cli().exec(["config", "set-context", "elsewhere", "--server", "http://127.0.0.1:9"], { env: own })).toMatchObject({ code: 0 });
      // --context for one command: its server and project.
      const viaContext = await cli().run(["get", "stages", "--context", "local"], { env: own });
      expect(viaContext).toMatchObject({ code: 0, stdout: expect.stringMatching(/^NAME\s+FREIGHT/) });
      expect(await cli().exec(["config", "use-context", "local"], { env: own })).toMatchObject({
        code: 0,
        stdout: `using context local: ${stack().baseUrl}, project ${project}\n`,
      });
      expect(await cli().exec(["config", "current-context"], { env: own })).toMatchObject({ code: 0, stdout: "local\n" });
      expect((await cli().exec(["get", "warehouses"], { env: own })).stdout).toMatch(/^NAME\s+READY/);
      const contexts = await cli().exec(["config", "get-contexts"], { env: own });
      expect(contexts.stdout.split("\n").slice(0, 3)).toEqual([
        expect.stringMatching(/^CURRENT\s+NAME\s+SERVER\s+PROJECT\s+LOGGED IN$/),
        expect.stringMatching(/^\s+elsewhere\s+http:\/\/127\.0\.0\.1:9\s+no$/),
        expect.stringMatching(new RegExp(`^\\*\\s+local\\s+${stack().baseUrl.replace(/\./g, "\\.")}\\s+${project}\\s+no$`)),
      ]);
      expect(await cli().exec(["get", "stages", "--context", "nope"], { env: own })).toMatchObject({
        code: 2,
        stderr: expect.stringContaining('no context named "nope"'),
      });
      expect(await cli().exec(["config", "delete-context", "local"], { env: own })).toMatchObject({ code: 0, stdout: "context local deleted\n" });
      expect(await cli().exec(["config", "current-context"], { env: own })).toMatchObject({ code: 2 });
    });
  });

  describe("completion", () => {
    const script = async (shell: string) => {
      const result = await cli().run(["completion", shell]);
      expect(result.code).toBe(0);
      const file = join(dir, `completion.${shell}`);
      await writeFile(file, result.stdout);
      return file;
    };

    it("bash completes commands, kinds and options", async () => {
      const file = await script("bash");
      const complete = (words: string[]) =>
        execFileSync(
          "bash",
          [
            "-c",
            `source "$0"; COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _kargo_api; echo "\${COMPREPLY[*]}"`,
            file,
          ],
          { encoding: "utf8" },
        ).trim();
      expect(complete(["kargo-api", "gr"])).toBe("grant");
      expect(complete(["kargo-api", "get", "st"])).toBe("stages");
      expect(complete(["kargo-api", "config", "use"])).toBe("use-context");
      expect(complete(["kargo-api", "init", "--git-"]).split(" ").sort()).toEqual(["--git-branch", "--git-repo"]);
    });

    it("zsh runs the same function through bashcompinit", async () => {
      const file = await script("zsh");
      const out = execFileSync(
        "zsh",
        [
          "-f",
          "-c",
          `autoload -U compinit && compinit -u -D; source "$1"; setopt ksharrays; COMP_WORDS=(kargo-api get wa); COMP_CWORD=2; _kargo_api; print -r -- "\${COMPREPLY[*]}"`,
          "zsh",
          file,
        ],
        { encoding: "utf8" },
      );
      // zsh's compgen offers every candidate; zsh's completion system then matches them against "wa".
      expect(out.trim().split(" ")).toEqual(KINDS.map((k) => k.name));
    });

    it("fish completes commands and options", async () => {
      const file = await script("fish");
      const complete = (line: string) => execFileSync("fish", ["--no-config", "-c", `source $argv[1]; complete -C '${line}'`, file], { encoding: "utf8" });
      expect(complete("kargo-api revo")).toMatch(/^revoke\tremove claim values/m);
      expect(complete("kargo-api get --wa")).toMatch(/^--watch/m);
    });
  });

  describe("init", () => {
    it("creates a project and a pipeline from flags, prints what it created, and the pipeline promotes the first Freight into test", async () => {
      const result = await run(["init", "shop", "--git-repo", repo.url, "--path", "app"]);
      expect(result).toMatchObject({ code: 0, stderr: "" });
      expect(result.stdout.split("\n").slice(0, 6)).toEqual([
        "project/shop created",
        "projectconfig/shop (shop) created",
        "warehouse/shop (shop) created",
        "stage/test (shop) created",
        "stage/uat (shop) created",
        "stage/prod (shop) created",
      ]);
      expect(result.stdout).toContain("Pipeline test → uat → prod created in project shop.");
      await eventually(
        async () => (await admin.promotions.listPromotions({ project: "shop", stage: "test" })).promotions.some((p) => p.status?.phase === "Succeeded"),
        "the auto-promotion into test to succeed",
      );
      expect(repo.show("stage/shop/test", "config.yaml")).toBe("replicas: 1");
      expect((await run(["get", "stages", "-p", "shop"])).stdout).toMatch(/\ntest\s.*Healthy\s+True/);
    }, 240_000);

    it("asks for what is missing on a terminal", async () => {
      const t = terminal(["init"], { KARGO_API_PROJECT: "" });
      await t.waitFor(/Project name: /);
      t.child.stdin!.write("asked\r");
      await t.waitFor(/Git repository URL \(empty for none\): /);
      t.child.stdin!.write(`${repo.url}\r`);
      await t.waitFor(/Container image repository \(empty for none\): /);
      t.child.stdin!.write("\r");
      await t.waitFor(/stage\/prod \(asked\) created/);
      expect(await t.exited()).toBe(0);
      expect((await admin.stages.getStage({ project: "asked", name: "uat" })).result.case).toBe("stage");
    }, 120_000);

    it("is a usage error off a terminal when something is missing, and --dry-run prints the manifest", async () => {
      expect(await exec(["init", "x"], { KARGO_API_PROJECT: "" })).toMatchObject({
        code: 2,
        stderr: expect.stringContaining("init needs --git-repo URL and/or --image REPO"),
      });
      const dry = await exec(["init", "dry", "--image", "registry.example.org/app", "--stages", "dev,prod", "--dry-run"]);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(/kind: Stage\n[\s\S]*name: dev[\s\S]*uses: compose-output/);
      expect(await exec(["init", "Bad_Name", "--image", "x"])).toMatchObject({ code: 2 });
    });
  });
});
