import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Freight, Promotion, Stage } from "../../../../src/domain/types.js";
import type { AnalysisRun } from "../../../../src/embedded/controllers/analysis/analysis-types.js";
import { createRolloutsClient, type RolloutsClient } from "../../../../src/kube/object-clients.js";
import { inProcessKubeConfig } from "../../../../src/embedded/controllers/start-embedded-controllers.js";
import { createFreight, createStage } from "../support/kargo-objects.js";
import { useControllers } from "../support/use-controllers.js";
import { eventually } from "../../../support/eventually.js";

const PROJECT = "verify";
const IMAGE = "example.com/app";

interface VerificationInfo {
  id?: string;
  actor?: string;
  phase?: string;
  message?: string;
  analysisRun?: { name: string; namespace: string; phase: string };
}

/**
 * test → uat → prod, all auto-promoted; uat verifies with a web metric against a loopback HTTP
 * server that judges the image tag the Stage passes as an argument.
 */
describe("verification with a web metric in a three-Stage pipeline", () => {
  const fixture = useControllers();
  let rollouts: RolloutsClient;
  let server: Server;
  const unhealthy = new Set<string>();
  const requests: string[] = [];
  let baseUrl = "";

  const stage = async (name: string) => (await fixture.client.get<Stage>("stages", PROJECT, name))!;
  const latestVerification = async (name: string) =>
    ((await stage(name)).status?.freightHistory?.[0]?.["verificationHistory"] as VerificationInfo[] | undefined)?.[0];
  const currentFreight = async (name: string) => Object.values((await stage(name)).status?.freightHistory?.[0]?.items ?? {})[0]?.name;
  const freight = async (name: string) => (await fixture.client.get<Freight>("freights", PROJECT, name))!;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const tag = new URL(req.url ?? "/", "http://localhost").searchParams.get("tag") ?? "";
      requests.push(`${req.method} ${req.url} ${req.headers["x-stage"] ?? ""}`);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ data: { ok: !unhealthy.has(tag), tag } }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    baseUrl = `http://127.0.0.1:${port}`;
    rollouts = createRolloutsClient(inProcessKubeConfig(fixture.plane.controlPlane.httpUrl, fixture.plane.controlPlane.serverToken));

    await fixture.createProject(PROJECT);
    await rollouts.create("analysistemplates", PROJECT, {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AnalysisTemplate",
      metadata: { name: "health", namespace: PROJECT },
      spec: {
        args: [{ name: "tag" }, { name: "stage", value: "unset" }],
        metrics: [
          {
            name: "health",
            successCondition: "result == true",
            provider: {
              web: {
                url: `http://127.0.0.1:${port}/health?tag={{args.tag}}`,
                headers: [{ key: "x-stage", value: "{{ args.stage }}" }],
                jsonPath: "{$.data.ok}",
                timeoutSeconds: 5,
              },
            },
          },
        ],
      },
    });
    await fixture.client.create("projectconfigs", PROJECT, {
      apiVersion: "kargo.akuity.io/v1alpha1",
      kind: "ProjectConfig",
      metadata: { name: PROJECT, namespace: PROJECT },
      spec: { promotionPolicies: [{ stageSelector: { name: "glob:*" }, autoPromotionEnabled: true }] },
    });
    const steps = [{ uses: "compose-output", as: "image", config: { tag: `\${{ imageFrom("${IMAGE}").Tag }}` } }];
    await createStage(fixture.client, PROJECT, "test", { warehouse: "app", steps });
    const uat = await createStage(fixture.client, PROJECT, "uat", { warehouse: "app", upstream: ["test"], steps });
    await fixture.client.patch("stages", PROJECT, uat.metadata.name!, {
      spec: {
        verification: {
          analysisTemplates: [{ name: "health" }],
          analysisRunMetadata: { labels: { team: "qa" } },
          args: [
            { name: "tag", value: `\${{ imageFrom("${IMAGE}").Tag }}` },
            { name: "stage", value: "${{ ctx.stage }}" },
          ],
        },
      },
    });
    await createStage(fixture.client, PROJECT, "prod", { warehouse: "app", upstream: ["uat"], steps });
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it("verifies good Freight in uat and lets it flow to prod by auto-promotion", async () => {
    const good = await createFreight(fixture.client, PROJECT, "app", { images: [{ repoURL: IMAGE, tag: "v1" }] });
    const name = good.metadata.name!;
    await eventually(async () => (await currentFreight("prod")) === name);

    const verification = (await latestVerification("uat"))!;
    expect(verification).toMatchObject({ phase: "Successful", analysisRun: { namespace: PROJECT, phase: "Successful" } });
    expect(verification.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await freight(name)).status?.verifiedIn?.["uat"]?.verifiedAt).toEqual(expect.any(String));
    // test and prod have no verification: verified at once, no AnalysisRun.
    expect((await freight(name)).status?.verifiedIn?.["prod"]).toBeDefined();

    const run = (await rollouts.get<AnalysisRun>("analysisruns", PROJECT, verification.analysisRun!.name))!;
    expect(run.metadata.name).toMatch(/^uat\.[0-9a-z]{26}\.[0-9a-f]{7}$/);
    expect(run.metadata.labels).toMatchObject({ "kargo.akuity.io/stage": "uat", team: "qa" });
    expect(run.metadata.labels?.["kargo.akuity.io/freight-collection"]).toBe((await stage("uat")).status?.freightHistory?.[0]?.id);
    expect(run.metadata.ownerReferences?.[0]).toMatchObject({ kind: "Freight", name });
    expect(run.spec.args).toEqual(
      expect.arrayContaining([
        { name: "tag", value: "v1" },
        { name: "stage", value: "uat" },
      ]),
    );
    expect(run.status).toMatchObject({
      phase: "Successful",
      runSummary: { count: 1, successful: 1 },
      metricResults: [{ name: "health", phase: "Successful", count: 1, successful: 1, measurements: [{ phase: "Successful", value: "true" }] }],
    });
    // The arguments reached the request: the tag in the URL, the Stage in a header.
    expect(requests).toContain("GET /health?tag=v1 uat");
  });

  it("stops bad Freight at uat with the measurement's reason, and Reverify lets it through once the endpoint recovers", async () => {
    unhealthy.add("v2");
    const bad = await createFreight(fixture.client, PROJECT, "app", { images: [{ repoURL: IMAGE, tag: "v2" }] });
    const name = bad.metadata.name!;
    await eventually(async () => (await currentFreight("uat")) === name && (await latestVerification("uat"))?.phase === "Failed");

    const failed = (await latestVerification("uat"))!;
    expect(failed.message).toBe('Metric "health" assessed Failed due to failed (1) > failureLimit (0)');
    const run = (await rollouts.get<AnalysisRun>("analysisruns", PROJECT, failed.analysisRun!.name))!;
    expect(run.status?.metricResults?.[0]?.measurements?.[0]).toMatchObject({ phase: "Failed", value: "false" });
    expect((await freight(name)).status?.verifiedIn?.["uat"]).toBeUndefined();
    // prod keeps the good Freight, and no Promotion of the bad one into prod was made.
    expect(await currentFreight("prod")).not.toBe(name);
    const prodPromotions = (await fixture.client.list<Promotion>("promotions", PROJECT)).filter((p) => p.spec.stage === "prod" && p.spec.freight === name);
    expect(prodPromotions).toEqual([]);

    unhealthy.delete("v2");
    await fixture.client.patch("stages", PROJECT, "uat", {
      metadata: { annotations: { "kargo.akuity.io/reverify": JSON.stringify({ id: failed.id, actor: "admin" }) } },
    });
    await eventually(async () => (await currentFreight("prod")) === name);
    const history = (await stage("uat")).status?.freightHistory?.[0]?.["verificationHistory"] as VerificationInfo[];
    expect(history.map((v) => v.phase)).toEqual(["Successful", "Failed"]);
    expect(history[0]).toMatchObject({ actor: "admin" });
    expect(history[0]!.id).not.toBe(failed.id);
  });

  it("aborts a running verification on request, terminating its AnalysisRun", async () => {
    // A metric that never finishes on its own: successful measurements every second, no count.
    await rollouts.create("analysistemplates", PROJECT, {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AnalysisTemplate",
      metadata: { name: "forever", namespace: PROJECT },
      spec: {
        metrics: [
          {
            name: "forever",
            interval: "1s",
            successCondition: "result == true",
            provider: { web: { url: `${baseUrl}/health?tag=v1`, jsonPath: "{$.data.ok}" } },
          },
        ],
      },
    });
    await fixture.client.patch("stages", PROJECT, "uat", { spec: { verification: { analysisTemplates: [{ name: "forever" }], args: null } } });
    const current = (await latestVerification("uat"))!;
    await fixture.client.patch("stages", PROJECT, "uat", {
      metadata: { annotations: { "kargo.akuity.io/reverify": JSON.stringify({ id: current.id, actor: "admin" }) } },
    });
    await eventually(async () => (await latestVerification("uat"))?.id !== current.id && (await latestVerification("uat"))?.phase === "Running");
    const running = (await latestVerification("uat"))!;
    await fixture.client.patch("stages", PROJECT, "uat", {
      metadata: { annotations: { "kargo.akuity.io/abort": JSON.stringify({ id: running.id, actor: "alice" }) } },
    });
    await eventually(async () => (await latestVerification("uat"))?.phase === "Aborted");
    expect(await latestVerification("uat")).toMatchObject({ actor: "alice", message: "Verification aborted by user" });
    await eventually(async () => (await rollouts.get<AnalysisRun>("analysisruns", PROJECT, running.analysisRun!.name))?.status?.phase === "Successful");
    const run = (await rollouts.get<AnalysisRun>("analysisruns", PROJECT, running.analysisRun!.name))!;
    expect(run.spec.terminate).toBe(true);
    expect(run.status?.message).toBe("Run Terminated");
  });
});
