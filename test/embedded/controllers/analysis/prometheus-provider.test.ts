import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AnalysisRun } from "../../../../src/embedded/controllers/analysis/analysis-types.js";
import { createRolloutsClient, type RolloutsClient } from "../../../../src/kube/object-clients.js";
import { inProcessKubeConfig } from "../../../../src/embedded/controllers/start-embedded-controllers.js";
import { useControllers } from "../support/use-controllers.js";
import { eventually } from "../../../support/eventually.js";
import { freePort } from "../../../support/free-port.js";
import { signalProcessGroup } from "../../../support/process-group.js";

const PROJECT = "prom";
/** Debian's prometheus package (CI installs it with apt-get). */
const PROMETHEUS = process.env["PROMETHEUS"] ?? "/usr/bin/prometheus";

/**
 * The prometheus provider against a real Prometheus: Debian's server on loopback scrapes a metrics
 * endpoint this test serves, and AnalysisRuns query it.
 */
describe("the prometheus provider against a real Prometheus server", () => {
  const fixture = useControllers();
  let rollouts: RolloutsClient;
  let metrics: Server;
  let prometheus: ChildProcess | undefined;
  let workDir: string;
  let address = "";

  beforeAll(async () => {
    metrics = createServer((_req, res) => {
      res.setHeader("content-type", "text/plain; version=0.0.4");
      res.end("# TYPE app_success_ratio gauge\napp_success_ratio 0.99\n# TYPE app_error_ratio gauge\napp_error_ratio 0.4\n");
    });
    await new Promise<void>((resolve) => metrics.listen(0, "127.0.0.1", resolve));
    workDir = mkdtempSync(join(tmpdir(), "prometheus-"));
    const config = join(workDir, "prometheus.yml");
    writeFileSync(
      config,
      `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ["127.0.0.1:${(metrics.address() as AddressInfo).port}"]\n`,
    );
    const port = await freePort();
    address = `http://127.0.0.1:${port}`;
    prometheus = spawn(PROMETHEUS, [`--config.file=${config}`, `--storage.tsdb.path=${join(workDir, "data")}`, `--web.listen-address=127.0.0.1:${port}`], {
      detached: true,
      stdio: "ignore",
    });
    // Ready once a scrape of the test's endpoint has landed.
    await eventually(async () => {
      try {
        const answer = (await (await fetch(`${address}/api/v1/query?query=${encodeURIComponent('up{job="app"}')}`)).json()) as {
          data?: { result?: { value: [number, string] }[] };
        };
        return answer.data?.result?.[0]?.value[1] === "1";
      } catch {
        return false;
      }
    });
    rollouts = createRolloutsClient(inProcessKubeConfig(fixture.plane.controlPlane.httpUrl, fixture.plane.controlPlane.serverToken));
    await fixture.createProject(PROJECT);
  }, 90_000);

  afterAll(async () => {
    if (prometheus) signalProcessGroup(prometheus, "SIGTERM");
    await new Promise((resolve) => metrics?.close(resolve));
    rmSync(workDir, { recursive: true, force: true });
  });

  const runQuery = async (name: string, query: string, successCondition: string) => {
    await rollouts.create("analysisruns", PROJECT, {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AnalysisRun",
      metadata: { name, namespace: PROJECT },
      spec: {
        args: [{ name: "metric", value: query }],
        metrics: [{ name: "ratio", successCondition, provider: { prometheus: { address, query: "{{args.metric}}" } } }],
      },
    });
    let run: AnalysisRun | undefined;
    await eventually(async () => {
      run = await rollouts.get<AnalysisRun>("analysisruns", PROJECT, name);
      return ["Successful", "Failed", "Error", "Inconclusive"].includes(run?.status?.phase ?? "");
    });
    return run!;
  };

  it("passes a metric whose query meets its successCondition", async () => {
    const run = await runQuery("passes", "app_success_ratio", "result[0] >= 0.95");
    expect(run.status).toMatchObject({
      phase: "Successful",
      metricResults: [{ name: "ratio", phase: "Successful", measurements: [{ phase: "Successful", value: "[0.99]" }] }],
    });
  });

  it("fails a metric whose query does not", async () => {
    const run = await runQuery("fails", "app_error_ratio", "result[0] < 0.1");
    expect(run.status).toMatchObject({
      phase: "Failed",
      message: 'Metric "ratio" assessed Failed due to failed (1) > failureLimit (0)',
      metricResults: [{ phase: "Failed", measurements: [{ phase: "Failed", value: "[0.4]" }] }],
    });
  });

  it("records a query Prometheus rejects as an Error measurement with its message", async () => {
    await rollouts.create("analysisruns", PROJECT, {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AnalysisRun",
      metadata: { name: "bad-query", namespace: PROJECT },
      spec: { metrics: [{ name: "broken", successCondition: "true", provider: { prometheus: { address, query: "sum(" } } }] },
    });
    await eventually(async () => ((await rollouts.get<AnalysisRun>("analysisruns", PROJECT, "bad-query"))?.status?.metricResults?.[0]?.error ?? 0) >= 1);
    const measurement = (await rollouts.get<AnalysisRun>("analysisruns", PROJECT, "bad-query"))!.status!.metricResults![0]!.measurements![0]!;
    expect(measurement.phase).toBe("Error");
    expect(measurement.message).toMatch(/^prometheus query failed: .*parse error/);
  });
});
