import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CoreV1Api } from "@kubernetes/client-node";
import type { AnalysisRun } from "../../../../src/embedded/controllers/analysis/analysis-types.js";
import { WEB_RESPONSE_LIMIT } from "../../../../src/embedded/controllers/analysis/web-provider.js";
import { createRolloutsClient, type RolloutsClient } from "../../../../src/kube/object-clients.js";
import { inProcessKubeConfig } from "../../../../src/embedded/controllers/start-embedded-controllers.js";
import { useControllers } from "../support/use-controllers.js";
import { eventually } from "../../../support/eventually.js";

const PROJECT = "web";

/** AnalysisRuns with the web provider against a loopback server, run by the embedded analysis controller. */
describe("the analysis controller with the web provider", () => {
  const fixture = useControllers();
  let rollouts: RolloutsClient;
  let server: Server;
  let url = "";
  const seen: { method: string; path: string; auth: string; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        seen.push({ method: req.method ?? "", path: req.url ?? "", auth: String(req.headers.authorization ?? ""), body });
        if (req.url === "/500") {
          res.statusCode = 500;
          res.end("{}");
        } else if (req.url === "/huge") {
          res.end(JSON.stringify({ pad: "x".repeat(WEB_RESPONSE_LIMIT) }));
        } else if (req.url === "/count") {
          res.setHeader("content-type", "application/json");
          res.end(JSON.stringify({ value: seen.filter((s) => s.path === "/count").length }));
        } else {
          res.setHeader("content-type", "application/json");
          res.end(JSON.stringify({ data: { ok: true, ratio: "0.5" } }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    rollouts = createRolloutsClient(inProcessKubeConfig(fixture.plane.controlPlane.httpUrl, fixture.plane.controlPlane.serverToken));
    await fixture.createProject(PROJECT);
    await fixture.plane
      .kubeConfig()
      .makeApiClient(CoreV1Api)
      .createNamespacedSecret({ namespace: PROJECT, body: { metadata: { name: "token" }, stringData: { apiToken: "s3cret" } } });
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  const finished = async (name: string, spec: Record<string, unknown>) => {
    await rollouts.create("analysisruns", PROJECT, { apiVersion: "argoproj.io/v1alpha1", kind: "AnalysisRun", metadata: { name, namespace: PROJECT }, spec });
    let run: AnalysisRun | undefined;
    await eventually(async () => {
      run = await rollouts.get<AnalysisRun>("analysisruns", PROJECT, name);
      return ["Successful", "Failed", "Error", "Inconclusive"].includes(run?.status?.phase ?? "");
    });
    return run!;
  };

  it("takes count measurements every interval, sending method, headers (a Secret argument) and body", async () => {
    const run = await finished("counted", {
      args: [{ name: "token", valueFrom: { secretKeyRef: { name: "token", key: "apiToken" } } }],
      metrics: [
        {
          name: "count",
          count: 3,
          interval: "1s",
          successCondition: "result > 0",
          provider: {
            web: {
              url: `${url}/count`,
              method: "POST",
              headers: [{ key: "Authorization", value: "Bearer {{args.token}}" }],
              body: '{"q":1}',
              jsonPath: "{$.value}",
            },
          },
        },
      ],
    });
    expect(run.status).toMatchObject({ phase: "Successful", metricResults: [{ phase: "Successful", count: 3, successful: 3 }] });
    expect(run.status!.metricResults![0]!.measurements!.map((m) => m.value)).toEqual(["1", "2", "3"]);
    expect(seen.filter((s) => s.path === "/count")).toEqual(Array(3).fill({ method: "POST", path: "/count", auth: "Bearer s3cret", body: '{"q":1}' }));
  });

  it("resolves fieldRef arguments from the run's own fields, as Argo Rollouts does from its Rollout", async () => {
    const metadata = {
      name: "fields",
      namespace: PROJECT,
      labels: { "kargo.akuity.io/stage": "uat", env: "dev" },
      annotations: { "kargo.akuity.io/promotion": "uat.01abc.1234567" },
    };
    await rollouts.create("analysisruns", PROJECT, {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AnalysisRun",
      metadata,
      spec: {
        args: [
          { name: "stage", valueFrom: { fieldRef: { fieldPath: "metadata.labels['kargo.akuity.io/stage']" } } },
          { name: "promotion", valueFrom: { fieldRef: { fieldPath: 'metadata.annotations["kargo.akuity.io/promotion"]' } } },
          { name: "run", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
          { name: "metric", valueFrom: { fieldRef: { fieldPath: "spec.metrics[0].name" } } },
          { name: "labels", valueFrom: { fieldRef: { fieldPath: "metadata.labels" } } },
        ],
        metrics: [
          {
            name: "by-field",
            provider: {
              web: {
                url: `${url}/fields/{{args.stage}}/{{args.promotion}}/{{args.run}}/{{args.metric}}`,
                method: "POST",
                body: "{{args.labels}}",
                jsonPath: "{$.data}",
              },
            },
          },
        ],
      },
    });
    let run: AnalysisRun | undefined;
    await eventually(async () => {
      run = await rollouts.get<AnalysisRun>("analysisruns", PROJECT, "fields");
      return ["Successful", "Failed", "Error", "Inconclusive"].includes(run?.status?.phase ?? "");
    });
    expect(run!.status?.phase).toBe("Successful");
    expect(seen.filter((s) => s.path.startsWith("/fields/"))).toEqual([
      { method: "POST", path: "/fields/uat/uat.01abc.1234567/fields/by-field", auth: "", body: 'env="dev"\nkargo.akuity.io/stage="uat"' },
    ]);
  });

  it("ends Error naming the argument when a fieldRef names no field", async () => {
    const run = await finished("no-field", {
      args: [{ name: "x", valueFrom: { fieldRef: { fieldPath: "status.nowhere.at.all" } } }],
      metrics: [{ name: "m", provider: { web: { url: `${url}/{{args.x}}` } } }],
    });
    expect(run.status).toMatchObject({ phase: "Error", message: 'args.x: valueFrom.fieldRef: fieldPath "status.nowhere.at.all" names no field of the object' });
  });

  it("keeps a dry-run metric's failure out of the run's phase", async () => {
    const run = await finished("dry", {
      dryRun: [{ metricName: "strict" }],
      metrics: [
        { name: "strict", successCondition: "asFloat(result.ratio) > 0.9", provider: { web: { url, jsonPath: "{$.data}" } } },
        { name: "fine", successCondition: "result.ok == true", provider: { web: { url, jsonPath: "{$.data}" } } },
      ],
    });
    expect(run.status).toMatchObject({ phase: "Successful", runSummary: { count: 1, successful: 1 }, dryRunSummary: { count: 1, failed: 1 } });
    expect(run.status!.metricResults!.find((r) => r.name === "strict")).toMatchObject({ phase: "Failed", dryRun: true });
  });

  it("ends Error after more consecutive errors than consecutiveErrorLimit, with the provider's message", async () => {
    const run = await finished("errors", { metrics: [{ name: "down", interval: "1s", consecutiveErrorLimit: 1, provider: { web: { url: `${url}/500` } } }] });
    expect(run.status).toMatchObject({ phase: "Error", metricResults: [{ phase: "Error", error: 2, consecutiveError: 2 }] });
    expect(run.status!.metricResults![0]!.count ?? 0).toBe(0);
    expect(run.status!.message).toBe(
      'Metric "down" assessed Error due to consecutiveErrors (2) > consecutiveErrorLimit (1): "Error Message: received non 2xx response code: 500"',
    );
  });

  it("refuses a response larger than its limit", async () => {
    const run = await finished("huge", { metrics: [{ name: "huge", consecutiveErrorLimit: 0, provider: { web: { url: `${url}/huge` } } }] });
    expect(run.status!.metricResults![0]!.measurements![0]).toMatchObject({
      phase: "Error",
      message: `the response body is larger than ${WEB_RESPONSE_LIMIT} bytes`,
    });
  });

  it("ends a run Error at once for the job provider, an unresolved argument or a GET with a body", async () => {
    const job = await finished("job", {
      metrics: [{ name: "test", provider: { job: { spec: { template: { spec: { containers: [{ name: "t", image: "alpine" }] } } } } } }],
    });
    expect(job.status).toMatchObject({
      phase: "Error",
      message: 'metric "test": the job provider needs pods, which the embedded control plane does not run; use the web or prometheus provider',
    });
    const args = await finished("args", { args: [{ name: "service" }], metrics: [{ name: "m", provider: { web: { url: `${url}/{{args.service}}` } } }] });
    expect(args.status).toMatchObject({ phase: "Error", message: "args.service was not resolved" });
    const body = await finished("get-body", { metrics: [{ name: "m", consecutiveErrorLimit: 0, provider: { web: { url, body: "x" } } }] });
    expect(body.status!.metricResults![0]!.measurements![0]).toMatchObject({ phase: "Error", message: "web provider: a GET request cannot have a body" });
  });
});
