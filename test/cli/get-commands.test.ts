import { parse } from "yaml";
import type { KargoClient } from "../../src/client/index.js";
import { useKargoStack } from "../support/use-kargo-stack.js";
import { adminClient, applyPipeline, createFreight } from "./support/admin-client.js";
import { useCli } from "./support/cli-process.js";

const project = "getting";

// `kargo-api get <kind>` for every kind against a real stack, as admin (KARGO_API_TOKEN).
describe("kargo-api get", () => {
  const stack = useKargoStack();
  const cli = useCli();
  let admin: KargoClient;
  let freightName: string;
  let promotionName: string;
  const env = () => ({ KARGO_API_TOKEN: stack().adminToken, KARGO_API_SERVER: stack().baseUrl });
  const get = (...args: string[]) => cli().exec(["get", ...args], { env: env() });

  beforeAll(async () => {
    admin = adminClient(stack());
    await applyPipeline(admin, project);
    freightName = await createFreight(admin, project, "1.0.0", "first-freight");
    promotionName = (await admin.promotions.promoteToStage({ project, stage: "test", freight: freightName })).promotion!.metadata!.name;
    await admin.rbac.createRole({ role: { metadata: { namespace: project, name: "reader" }, claims: [{ name: "email", values: ["reader@example.com"] }], rules: [{ resources: ["stages"], verbs: ["get", "list"] }] } });
    await admin.rbac.createAPIToken({ project, roleName: "reader", name: "reader-ci" });
    await admin.credentials.createRepoCredentials({ project, name: "app-repo", type: "image", repoUrl: "registry.example.org/app", username: "bot", password: "secret" });
    await admin.configMaps.createConfigMap({ project, name: "settings", data: { region: "eu", env: "test" } });
    await admin.promotionTasks.createPromotionTask({ project, name: "announce", spec: { steps: [{ uses: "compose-output", as: "say", config: { message: "hi" } }] } });
  });

  it("prints a table of projects (spawned process)", async () => {
    const result = await cli().run(["get", "projects"], { env: env() });
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^NAME +READY +AGE$/);
    expect(rows.some((r) => r.startsWith(`${project} `))).toBe(true);
  });

  it.each([
    ["warehouses", /^NAME +READY +FREIGHT CREATION +AGE$/, /^images +\S* *Manual +\d+[smhd]$/m],
    ["stages", /^NAME +FREIGHT +HEALTH +READY +PROMOTING +AGE$/, /^test\b/m],
    ["freight", /^NAME +ALIAS +ORIGIN +AGE$/, /first-freight +Warehouse\/images/],
    ["promotions", /^NAME +STAGE +FREIGHT +PHASE +AGE +MESSAGE$/, /^test\.\S+ +test +\w+ +\w+/m],
    ["roles", /^NAME +KARGO MANAGED +CLAIMS +AGE$/, /^reader +true +email=reader@example\.com/m],
    ["tokens", /^NAME +ROLE +AGE$/, /^reader-ci +reader +\d+[smhd]$/m],
    ["credentials", /^NAME +TYPE +REPO URL +USERNAME\/KEYS +AGE$/, /^app-repo +image +registry\.example\.org\/app +bot/m],
    ["configmaps", /^NAME +KEYS +AGE$/, /^settings +env,region +\d+[smhd]$/m],
    ["tasks", /^NAME +KIND +STEPS +AGE$/, /^announce +PromotionTask +1 +\d+[smhd]$/m],
    // Newest first: the task created last is the first row.
    ["audit", /^TIME +ACTOR +RPC +OBJECT +CODE$/, /^TIME[^\n]*\n\S+Z +admin +PromotionTaskService\/CreatePromotionTask +PromotionTask\/announce +ok$/m],
  ])("prints a table of %s", async (kind, header, row) => {
    const result = await get(kind, "--project", project);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")[0]).toMatch(header);
    expect(result.stdout).toMatch(row);
  });

  it("prints the controllers' heartbeats: the embedded (unnamed, default) controller alive", async () => {
    const result = await get("heartbeats");
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^CONTROLLER +STATUS +LAST HEARTBEAT +AGE +DEFAULT\n\(unnamed\) +Alive +\S+Z +\d+[smhd] +true\n$/);
  });

  it("prints the Kubernetes JSON with -o json", async () => {
    const result = await get("stages", "-p", project, "-o", "json");
    const stages = JSON.parse(result.stdout) as { apiVersion: string; kind: string; metadata: { name: string }; spec: { requestedFreight: unknown[] } }[];
    expect(stages.map((s) => s.metadata.name).sort()).toEqual(["test", "uat"]);
    expect(stages[0]).toMatchObject({ apiVersion: "kargo.akuity.io/v1alpha1", kind: "Stage" });
    expect(stages[0]!.spec.requestedFreight).toHaveLength(1);
  });

  it("prints one object by name with -o yaml", async () => {
    const result = await get("promotion", promotionName, "-p", project, "-o", "yaml");
    expect(parse(result.stdout)).toMatchObject({ kind: "Promotion", metadata: { name: promotionName }, spec: { stage: "test", freight: freightName } });
  });

  it("finds Freight by alias as well as by name", async () => {
    expect((await get("freight", "first-freight", "-p", project)).stdout).toContain(freightName);
    expect((await get("freight", freightName, "-p", project)).stdout).toContain("first-freight");
  });

  it("reports a missing object as one NOT_FOUND line, exit 1", async () => {
    const result = await get("stage", "nope", "-p", project);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: not_found: .*"nope".*\n$/);
  });

  it("refuses --watch for kinds the API cannot watch (usage, exit 2)", async () => {
    expect(await get("roles", "--watch", "-p", project)).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error: usage: get roles cannot --watch/) });
  });

  it("--watch prints the current objects, then changes as they happen (spawned process)", async () => {
    const watch = cli().start(["get", "warehouses", "--watch", "-p", project], { env: env() });
    try {
      await watch.waitFor(/^ADDED +images\b/m);
      await admin.warehouses.createWarehouse({ project, name: "charts", spec: { freightCreationPolicy: "Manual", subscriptions: [{ image: { repoUrl: "registry.example.org/charts" } }] } });
      await watch.waitFor(/^ADDED +charts\b/m);
      await admin.warehouses.deleteWarehouse({ project, name: "charts" });
      await watch.waitFor(/^DELETED +charts\b/m);
    } finally {
      const result = await watch.stop();
      expect(result.code).toBe(0);
      expect(result.stdout.split("\n")[0]).toMatch(/^EVENT +NAME +READY/);
    }
  });
});
