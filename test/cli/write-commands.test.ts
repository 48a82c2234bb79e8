import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { Freight } from "../../gen/kargo/api/v1/freight_pb.js";
import type { KargoClient } from "../../src/client/index.js";
import { useKargoStack } from "../support/use-kargo-stack.js";
import { adminClient, createFreight } from "./support/admin-client.js";
import { useCli } from "./support/cli-process.js";
import { pipelineManifest } from "./support/pipeline-manifest.js";
import { eventually } from "../support/eventually.js";

const project = "writing";

// The commands that change things, against a real stack, as admin (KARGO_API_TOKEN): manifests,
// promotions, freight, refresh, roles, tokens and credentials.
describe("kargo-api apply, promote, approve, alias, abort, refresh, create, delete", () => {
  const stack = useKargoStack();
  const cli = useCli();
  let admin: KargoClient;
  let dir: string;
  let manifest: string;
  let freightName: string;
  const env = () => ({ KARGO_API_TOKEN: stack().adminToken, KARGO_API_SERVER: stack().baseUrl, KARGO_API_PROJECT: project });
  const exec = (...args: string[]) => cli().exec(args, { env: env() });

  beforeAll(async () => {
    admin = adminClient(stack());
    dir = await mkdtemp(join(tmpdir(), "kargo-manifests-"));
    manifest = join(dir, "pipeline.yaml");
    await writeFile(manifest, pipelineManifest(project));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  describe("apply -f", () => {
    it("creates every object of the manifest, one line each (spawned process)", async () => {
      const result = await cli().run(["apply", "-f", manifest], { env: env() });
      expect(result).toMatchObject({ code: 0, stderr: "" });
      expect(result.stdout.trimEnd().split("\n")).toEqual([
        `project/${project} created`,
        `warehouse/images (${project}) created`,
        `stage/test (${project}) created`,
        `stage/uat (${project}) created`,
      ]);
      freightName = await createFreight(admin, project, "1.0.0", "apple");
    });

    it("updates what exists, and reads the manifest from stdin with -f -", async () => {
      const result = await cli().exec(["apply", "-f", "-"], { env: env(), input: pipelineManifest(project) });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`stage/test (${project}) updated`);
    });

    it("reports objects that failed on stderr and exits 1", async () => {
      const bad = join(dir, "bad.yaml");
      await writeFile(bad, "apiVersion: kargo.akuity.io/v1alpha1\nkind: Stage\nmetadata:\n  name: lost\n  namespace: no-such-project\nspec: {}\n");
      const result = await exec("apply", "-f", bad);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: \w+: stage\/lost \(no-such-project\): .+\nerror: \w+: 1 of 1 objects failed\n$/);
    });

    it("fails as a local error (exit 3) when the file cannot be read", async () => {
      expect(await exec("apply", "-f", join(dir, "missing.yaml"))).toMatchObject({
        code: 3,
        stderr: `error: file: cannot read ${join(dir, "missing.yaml")}: ENOENT\n`,
      });
    });
  });

  describe("promote", () => {
    it("creates a Promotion into the Stage (spawned process)", async () => {
      const result = await cli().run(["promote", "--stage", "test", "--freight-alias", "apple"], { env: env() });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^promotion/test\\.\\S+ created \\(stage test, freight ${freightName}\\)\\n$`));
      const { promotions } = await admin.promotions.listPromotions({ project, stage: "test" });
      expect(promotions.map((p) => p.spec?.freight)).toContain(freightName);
    });

    it("needs exactly one of --freight and --freight-alias (usage, exit 2)", async () => {
      expect(await exec("promote", "--stage", "test")).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/^error: usage: give exactly one of --freight NAME and --freight-alias ALIAS/),
      });
    });

    it("reports the server's refusal as one line: Freight not available to uat yet", async () => {
      const result = await exec("promote", "--stage", "uat", "--freight", freightName);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: failed_precondition: [^\n]+\n$/);
    });

    it("--origin promotes the newest Freight of the Warehouse available to the Stage", async () => {
      // Freight made by CreateFreight has no discoveredAt: "newest" is its creationTimestamp, which
      // has whole seconds. Create the second one in a later second than the first, so it is newer.
      const first = (await admin.freight.getFreight({ project, name: freightName })).result.value as Freight;
      const firstSecond = timestampMs(first.metadata!.creationTimestamp!);
      await eventually(() => Date.now() >= firstSecond + 1000, "a second later than the first Freight's creation");
      const newer = await createFreight(admin, project, "1.1.0", "cherry");
      const result = await exec("promote", "--stage", "test", "--origin", "images");
      expect(result).toMatchObject({ code: 0, stderr: "" });
      expect(result.stdout).toMatch(new RegExp(`^promotion/test\\.\\S+ created \\(stage test, freight ${newer}\\)\\n$`));
      expect(await exec("promote", "--stage", "test", "--origin", "images", "--freight", newer)).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/^error: usage: --origin takes the place of --freight/),
      });
      expect(await exec("promote", "--stage", "test", "--origin", "nowhere")).toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/^error: not_found: warehouse "nowhere"/),
      });
    });
  });

  describe("approve, then promote --downstream", () => {
    it("approves the Freight for uat", async () => {
      expect(await exec("approve", "--freight-alias", "apple", "--stage", "uat")).toMatchObject({
        code: 0,
        stdout: `freight/${freightName} approved for stage uat\n`,
      });
      const { result } = await admin.freight.getFreight({ project, name: freightName });
      expect(result.case === "freight" && Object.keys(result.value.status?.approvedFor ?? {})).toEqual(["uat"]);
    });

    it("promotes into every Stage downstream of test, once the Freight is verified there", async () => {
      // The embedded promotion runner runs the promotion into test; success verifies the Freight there.
      await eventually(async () => {
        const { result } = await admin.freight.getFreight({ project, name: freightName });
        return result.case === "freight" && result.value.status?.verifiedIn["test"] !== undefined;
      }, "the freight to be verified in test");
      const result = await exec("promote", "--downstream", "--stage", "test", "--freight", freightName);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^promotion/uat\\.\\S+ created \\(stage uat, freight ${freightName}\\)\\n$`));
    });
  });

  describe("alias", () => {
    it("renames the Freight's alias", async () => {
      expect(await exec("alias", "--freight-alias", "apple", "banana")).toMatchObject({ code: 0, stdout: `freight/${freightName} aliased banana\n` });
      const { result } = await admin.freight.getFreight({ project, alias: "banana" });
      expect(result.case === "freight" && result.value.metadata?.name).toBe(freightName);
    });
  });

  describe("abort", () => {
    it("asks for a Promotion to be aborted", async () => {
      const promotion = (await admin.promotions.promoteToStage({ project, stage: "test", freight: freightName })).promotion!.metadata!.name;
      expect(await exec("abort", "promotion", promotion)).toMatchObject({ code: 0, stdout: `promotion/${promotion} abort requested\n` });
    });

    it("reports why a Stage's verification cannot be aborted", async () => {
      const result = await exec("abort", "verification", "uat");
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: failed_precondition: stage "uat" in project "writing" [^\n]+\n$/);
    });
  });

  describe("refresh", () => {
    it.each([
      ["warehouse", "images"],
      ["stage", "test"],
    ])("marks the %s for reconciliation", async (kind, name) => {
      expect(await exec("refresh", kind, name)).toMatchObject({ code: 0, stdout: `${kind}/${name} refresh requested\n` });
      const got = await exec("get", kind, name, "-o", "json");
      expect((JSON.parse(got.stdout) as { metadata: { annotations: Record<string, string> } }).metadata.annotations).toHaveProperty([
        "kargo.akuity.io/refresh",
      ]);
    });

    it("marks a Promotion for reconciliation", async () => {
      const { promotions } = await admin.promotions.listPromotions({ project });
      const name = promotions[0]!.metadata!.name;
      expect(await exec("refresh", "promotion", name)).toMatchObject({ code: 0, stdout: `promotion/${name} refresh requested\n` });
      const { result } = await admin.promotions.getPromotion({ project, name });
      expect(result.case === "promotion" && result.value.metadata?.annotations["kargo.akuity.io/refresh"]).toBeTruthy();
    });
  });

  describe("create", () => {
    it("creates a role with claims and rules", async () => {
      const result = await exec(
        "create",
        "role",
        "deployer",
        "--claim",
        "email=dev@example.com",
        "--rule",
        "stages:get,list,promote",
        "--description",
        "deploys",
      );
      expect(result).toMatchObject({ code: 0, stdout: `role/deployer created in project ${project}\n` });
      const { result: role } = await admin.rbac.getRole({ project, name: "deployer" });
      expect(role.case === "role" && role.value).toMatchObject({
        claims: [{ name: "email", values: ["dev@example.com"] }],
        rules: [expect.objectContaining({ resources: ["stages"], verbs: ["get", "list", "promote"] })],
      });
    });

    it("creates an API token, printed once, that logs in as the role (spawned process)", async () => {
      const created = await cli().run(["create", "token", "ci", "--role", "deployer"], { env: env() });
      expect(created.code).toBe(0);
      const token = created.stdout.trim();
      expect(token.length).toBeGreaterThan(20);
      const me = await cli().exec(["whoami", "-o", "json"], { env: { KARGO_API_SERVER: stack().baseUrl, KARGO_API_TOKEN: token } });
      const who = JSON.parse(me.stdout) as { authMethod: string; admin?: boolean };
      expect(who.authMethod).toBe("kubernetes");
      expect(who.admin ?? false).toBe(false);
      const listed = await exec("get", "tokens");
      expect(listed.stdout).toMatch(/^ci +deployer /m);
      expect(listed.stdout).not.toContain(token);
    });

    it("creates repository credentials with the password from stdin", async () => {
      const result = await cli().exec(
        ["create", "credentials", "gitops", "--type", "git", "--repo-url", "https://git.example.org/app.git", "--username", "bot", "--password-stdin"],
        {
          env: env(),
          input: "s3cret\n",
        },
      );
      expect(result).toMatchObject({ code: 0, stdout: `credentials/gitops created in project ${project}\n` });
      const { result: got } = await admin.credentials.getRepoCredentials({ project, name: "gitops" });
      expect(got.case === "credentials" && got.value).toMatchObject({
        type: "git",
        repoUrl: "https://git.example.org/app.git",
        username: "bot",
        password: "*** REDACTED ***",
      });
    });

    it("creates generic credentials", async () => {
      expect(await exec("create", "credentials", "api-keys", "--generic", "--set", "a=1", "--set", "b=2")).toMatchObject({ code: 0 });
      expect((await exec("get", "credentials")).stdout).toMatch(/^api-keys +generic +a,b /m);
    });

    it("rejects an unknown kind (usage, exit 2)", async () => {
      expect(await exec("create", "widget", "x")).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/^error: usage: create what\? one of project, role, token, credentials, not "widget"/),
      });
    });
  });

  describe("delete -f", () => {
    it("deletes every object of the manifest (spawned process)", async () => {
      const result = await cli().run(["delete", "-f", manifest], { env: env() });
      expect(result.code).toBe(0);
      expect(result.stdout.trimEnd().split("\n").sort()).toEqual([
        `project/${project} deleted`,
        `stage/test (${project}) deleted`,
        `stage/uat (${project}) deleted`,
        `warehouse/images (${project}) deleted`,
      ]);
      await eventually(async () => (await exec("get", "stages")).stdout === "", "the stages to be gone");
    });
  });
});
