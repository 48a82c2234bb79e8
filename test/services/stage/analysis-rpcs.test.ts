import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Code } from "@connectrpc/connect";
import { KubeConfig } from "@kubernetes/client-node";
import { RawFormat } from "../../../gen/kargo/api/v1/common_pb.js";
import { FreightService } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { StageService } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { createKubeClient, createKubeDiscovery, RESOURCES } from "../../../src/kube/index.js";
import { listClusterAnalysisTemplates } from "../../../src/services/stage/list-cluster-analysis-templates.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { useCli } from "../../cli/support/cli-process.js";
import { errorOf, fixtures, imageWarehouseSpec } from "../common/fixtures.js";
import { eventually } from "../../support/eventually.js";

const stack = useKargoStack();
const cli = useCli();
const PROJECT = "verify";
const IMAGE = "example.com/app";

/** A loopback endpoint whose verdict on a tag the test sets. */
let server: Server;
let baseUrl = "";
const unhealthy = new Set<string>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const tag = new URL(req.url ?? "/", "http://localhost").searchParams.get("tag") ?? "";
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ ok: !unhealthy.has(tag) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const f = fixtures(stack());
  await f.project(PROJECT);
  await f.warehouse(PROJECT, "app", imageWarehouseSpec(IMAGE));
  const template = (name: string, metric: Record<string, unknown>) => ({
    apiVersion: "argoproj.io/v1alpha1",
    kind: "AnalysisTemplate",
    metadata: { name, namespace: PROJECT },
    spec: {
      args: [{ name: "tag" }],
      metrics: [{ name, provider: { web: { url: `${baseUrl}/health?tag={{args.tag}}`, jsonPath: "{$.ok}" } }, successCondition: "result == true", ...metric }],
    },
  });
  await f.kube.create(RESOURCES.analysistemplates, template("health", {}));
  // Never ends on its own: a measurement every second without a count.
  await f.kube.create(RESOURCES.analysistemplates, template("soak", { interval: "1s" }));
  await f.kube.create(RESOURCES.clusteranalysistemplates, {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "ClusterAnalysisTemplate",
    metadata: { name: "shared" },
    spec: template("shared", {}).spec,
  });
  const stage = (name: string, templateName: string) =>
    f.stage(PROJECT, name, {
      requestedFreight: [{ origin: { kind: "Warehouse", name: "app" }, sources: { direct: true } }],
      promotionTemplate: { spec: { steps: [{ uses: "compose-output", as: "out", config: { tag: `\${{ imageFrom("${IMAGE}").Tag }}` } }] } },
      verification: { analysisTemplates: [{ name: templateName }], args: [{ name: "tag", value: `\${{ imageFrom("${IMAGE}").Tag }}` }] },
    });
  await stage("uat", "health");
  await stage("soak", "soak");
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

interface VerificationInfo {
  id?: string;
  phase?: string;
  message?: string;
  actor?: string;
  analysisRun?: { name?: string; namespace?: string; phase?: string };
}

async function latestVerification(stage: string): Promise<VerificationInfo | undefined> {
  const response = await stack().client(StageService).getStage({ project: PROJECT, name: stage });
  const history = response.result.case === "stage" ? response.result.value.status?.freightHistory?.[0]?.verificationHistory : undefined;
  return history?.[0] as VerificationInfo | undefined;
}

async function promote(stage: string, tag: string): Promise<string> {
  const { freight } = await stack()
    .client(FreightService)
    .createFreight({ project: PROJECT, origin: { kind: "Warehouse", name: "app" }, images: [{ repoUrl: IMAGE, tag }] });
  await stack().client(PromotionService).promoteToStage({ project: PROJECT, stage, freight: freight!.metadata!.name });
  return freight!.metadata!.name;
}

async function logOf(name: string, metricName = ""): Promise<string> {
  let text = "";
  for await (const message of stack().client(StageService).getAnalysisRunLogs({ namespace: PROJECT, name, metricName })) text += message.chunk;
  return text;
}

describe("verification through the API", () => {
  it("shows a failed verification's reason in GetStage, the CLI, its measurement in GetAnalysisRun and its log; Reverify lets the Freight through once the endpoint recovers", async () => {
    unhealthy.add("v2");
    const freight = await promote("uat", "v2");
    await eventually(async () => (await latestVerification("uat"))?.phase === "Failed");
    const failed = (await latestVerification("uat"))!;
    expect(failed.message).toBe('Metric "health" assessed Failed due to failed (1) > failureLimit (0)');
    expect(failed.analysisRun).toMatchObject({ namespace: PROJECT, phase: "Failed" });

    const got = await stack().client(StageService).getAnalysisRun({ namespace: PROJECT, name: failed.analysisRun!.name! });
    expect(got.result.case).toBe("analysisRun");
    const run = got.result.case === "analysisRun" ? got.result.value : undefined;
    expect(run?.metadata?.labels?.["kargo.akuity.io/stage"]).toBe("uat");
    expect(run?.spec?.["args"]).toEqual([{ name: "tag", value: "v2" }]);
    expect(run?.status).toMatchObject({
      phase: "Failed",
      metricResults: [{ name: "health", phase: "Failed", failed: 1, measurements: [{ phase: "Failed", value: "false" }] }],
    });
    const raw = await stack().client(StageService).getAnalysisRun({ namespace: PROJECT, name: failed.analysisRun!.name!, format: RawFormat.YAML });
    expect(new TextDecoder().decode(raw.result.value as Uint8Array)).toMatch(/^apiVersion: argoproj.io\/v1alpha1\nkind: AnalysisRun\n/);

    // The CLI shows the same reason (`get stage -o json` prints the Stage's verification history).
    const printed = await cli().exec(["get", "stage", "uat", "--project", PROJECT, "-o", "json"], {
      env: { KARGO_API_TOKEN: stack().adminToken, KARGO_API_SERVER: stack().baseUrl },
    });
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout).status.freightHistory[0].verificationHistory[0]).toMatchObject({ phase: "Failed", message: failed.message });

    const log = await logOf(failed.analysisRun!.name!);
    expect(log).toMatch(/^\S+Z health Failed value=false\n/);
    expect(log).toContain('run Failed: Metric "health" assessed Failed due to failed (1) > failureLimit (0)\n');
    expect((await errorOf(logOf(failed.analysisRun!.name!, "nope"))).code).toBe(Code.NotFound);

    unhealthy.delete("v2");
    await stack().client(StageService).reverify({ project: PROJECT, stage: "uat" });
    await eventually(async () => (await latestVerification("uat"))?.phase === "Successful");
    expect(await latestVerification("uat")).toMatchObject({ actor: "admin" });
    const { result } = await stack().client(FreightService).getFreight({ project: PROJECT, name: freight });
    expect(result.case === "freight" ? Object.keys(result.value.status?.verifiedIn ?? {}) : []).toEqual(["uat"]);
  });

  it("aborts a running verification with AbortVerification", async () => {
    await promote("soak", "v1");
    await eventually(async () => (await latestVerification("soak"))?.phase === "Running");
    await stack().client(StageService).abortVerification({ project: PROJECT, stage: "soak" });
    await eventually(async () => (await latestVerification("soak"))?.phase === "Aborted");
    expect(await latestVerification("soak")).toMatchObject({ actor: "admin", message: "Verification aborted by user" });
  });
});

describe("the AnalysisTemplate RPCs", () => {
  it("list, get and delete a project's AnalysisTemplates", async () => {
    const stages = stack().client(StageService);
    const list = await stages.listAnalysisTemplates({ project: PROJECT });
    expect(list.analysisTemplates.map((t) => t.metadata?.name)).toEqual(["health", "soak"]);
    expect(list.totalSize).toBe(2);
    const page = await stages.listAnalysisTemplates({ project: PROJECT, pageSize: 1 });
    expect(page.analysisTemplates.map((t) => t.metadata?.name)).toEqual(["health"]);
    expect(
      (await stages.listAnalysisTemplates({ project: PROJECT, pageSize: 1, pageToken: page.nextPageToken })).analysisTemplates.map((t) => t.metadata?.name),
    ).toEqual(["soak"]);
    const got = await stages.getAnalysisTemplate({ project: PROJECT, name: "health" });
    expect(got.result.case === "analysisTemplate" ? got.result.value.spec?.["metrics"] : undefined).toEqual([
      expect.objectContaining({ name: "health", successCondition: "result == true" }),
    ]);
    await fixtures(stack()).kube.create(RESOURCES.analysistemplates, {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AnalysisTemplate",
      metadata: { name: "doomed", namespace: PROJECT },
      spec: { metrics: [{ name: "m", provider: { web: { url: baseUrl } } }] },
    });
    await stages.deleteAnalysisTemplate({ project: PROJECT, name: "doomed" });
    const missing = await errorOf(stages.getAnalysisTemplate({ project: PROJECT, name: "doomed" }));
    expect(missing.code).toBe(Code.NotFound);
    expect((await errorOf(stages.deleteAnalysisTemplate({ project: PROJECT, name: "doomed" }))).code).toBe(Code.NotFound);
    expect((await errorOf(stages.listAnalysisTemplates({ project: "ghost" }))).code).toBe(Code.NotFound);
  });

  it("list, get and delete ClusterAnalysisTemplates", async () => {
    const stages = stack().client(StageService);
    expect((await stages.listClusterAnalysisTemplates({})).clusterAnalysisTemplates.map((t) => t.metadata?.name)).toEqual(["shared"]);
    const got = await stages.getClusterAnalysisTemplate({ name: "shared", format: RawFormat.JSON });
    expect(JSON.parse(new TextDecoder().decode(got.result.value as Uint8Array))).toMatchObject({
      kind: "ClusterAnalysisTemplate",
      metadata: { name: "shared" },
    });
    await stages.deleteClusterAnalysisTemplate({ name: "shared" });
    expect((await stages.listClusterAnalysisTemplates({})).clusterAnalysisTemplates).toEqual([]);
    expect((await errorOf(stages.getClusterAnalysisTemplate({ name: "shared" }))).code).toBe(Code.NotFound);
    expect((await errorOf(stages.getClusterAnalysisTemplate({ name: "" }))).code).toBe(Code.InvalidArgument);
  });
});

describe("a cluster without Argo Rollouts' CRDs", () => {
  let bare: Server;
  afterAll(async () => {
    await new Promise((resolve) => bare?.close(resolve));
  });

  it("answers the analysis RPCs UNIMPLEMENTED, saying why", async () => {
    // A Kubernetes API that serves no argoproj.io group: every path is 404, as for a missing group.
    bare = createServer((_req, res) => {
      res.statusCode = 404;
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          kind: "Status",
          apiVersion: "v1",
          status: "Failure",
          message: "the server could not find the requested resource",
          reason: "NotFound",
          code: 404,
        }),
      );
    });
    await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      // client-node refuses plain HTTP unless TLS verification is (nominally) skipped.
      clusters: [{ name: "bare", server: `http://127.0.0.1:${(bare.address() as AddressInfo).port}`, skipTLSVerify: true }],
      users: [{ name: "u", token: "t" }],
      contexts: [{ name: "c", cluster: "bare", user: "u" }],
      currentContext: "c",
    });
    const handler = listClusterAnalysisTemplates({ discovery: createKubeDiscovery(kubeConfig), kube: createKubeClient(kubeConfig) });
    const error = await errorOf(handler({ pageSize: 0, pageToken: "" } as never, { signal: new AbortController().signal } as never));
    expect(error.code).toBe(Code.Unimplemented);
    expect(error.rawMessage).toBe("Argo Rollouts integration is not available: the cluster does not serve argoproj.io/v1alpha1 (install Argo Rollouts' CRDs)");
  });
});
