import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { StageService } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { RESOURCES } from "../../../src/kube/index.js";
import { startKargoStack, useKargoStack, type KargoStack } from "../../support/use-kargo-stack.js";
import { fixtures } from "../common/fixtures.js";

const PROJECT = "run-logs";
const LOG_TOKEN = "configured-log-token";

/**
 * GetAnalysisRunLogs in Kubernetes mode: a second API server runs against the first one's embedded
 * Kubernetes API through its kubeconfig (a real API server, as a cluster would be), with Kargo's
 * log settings; the log URL is a loopback server recording what it is sent.
 */
describe("GetAnalysisRunLogs in Kubernetes mode", () => {
  const cluster = useKargoStack();
  let logServer: Server;
  let logBase = "";
  const requests: { path: string; headers: IncomingHttpHeaders }[] = [];
  const kubernetesStacks: KargoStack[] = [];

  beforeAll(async () => {
    logServer = createServer((req, res) => {
      requests.push({ path: req.url ?? "", headers: req.headers });
      res.end(`log of ${req.url}\n`);
    });
    await new Promise<void>((resolve) => logServer.listen(0, "127.0.0.1", resolve));
    logBase = `http://127.0.0.1:${(logServer.address() as AddressInfo).port}`;
    const f = fixtures(cluster());
    await f.project(PROJECT);
    // A finished run whose job metric ran a Job (as Argo Rollouts records it): the embedded
    // analysis controller leaves finished runs alone.
    await f.kube.create(RESOURCES.analysisruns, {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AnalysisRun",
      metadata: { name: "uat.run", namespace: PROJECT, labels: { "kargo.akuity.io/stage": "uat" } },
      spec: { metrics: [{ name: "tests", provider: { job: { spec: { template: { spec: { containers: [{ name: "runner", image: "busybox" }] } } } } } }] },
      status: {
        phase: "Successful",
        metricResults: [
          {
            name: "tests",
            phase: "Successful",
            measurements: [{ phase: "Successful", metadata: { "job-name": "uat-run-tests-1", "job-namespace": PROJECT } }],
          },
        ],
      },
    });
  });

  afterAll(async () => {
    for (const stack of kubernetesStacks) await stack.close();
    await new Promise((resolve) => logServer?.close(resolve));
  });

  async function kubernetesStack(env: Record<string, string>): Promise<KargoStack> {
    const stack = await startKargoStack({
      env: {
        KUBECONFIG: join(cluster().config.embedded.dataDir, "kubeconfig"),
        ANALYSIS_RUN_LOG_URL_TEMPLATE: `${logBase}/logs/\${{ namespace }}/\${{ jobName }}/\${{ container }}`,
        ...env,
      },
    });
    kubernetesStacks.push(stack);
    return stack;
  }

  async function logOf(stack: KargoStack): Promise<string> {
    let text = "";
    for await (const message of stack.client(StageService).getAnalysisRunLogs({ namespace: PROJECT, name: "uat.run" })) text += message.chunk;
    return text;
  }

  it("sends the configured headers, their `${{ token }}` being ANALYSIS_RUN_LOG_TOKEN", async () => {
    const stack = await kubernetesStack({
      ANALYSIS_RUN_LOG_TOKEN: LOG_TOKEN,
      ANALYSIS_RUN_LOG_HTTP_HEADERS: "Authorization=Bearer ${{ token }}, X-Kargo-Run = ${{ analysisRun }}/${{ metricName }}/${{ stage }}",
    });
    expect(stack.config.kubernetes.mode).toBe("kubeconfig");
    const before = requests.length;
    expect(await logOf(stack)).toBe(`log of /logs/${PROJECT}/uat-run-tests-1/runner\n`);
    const sent = requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers["authorization"]).toBe(`Bearer ${LOG_TOKEN}`);
    expect(sent[0]!.headers["x-kargo-run"]).toBe("uat.run/tests/uat");
  });

  it("uses the caller's own bearer token when no ANALYSIS_RUN_LOG_TOKEN is set, and sends nothing a header does not name", async () => {
    const stack = await kubernetesStack({ ANALYSIS_RUN_LOG_HTTP_HEADERS: "X-Log-Auth=${{ token }}" });
    const before = requests.length;
    await logOf(stack);
    const sent = requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers["x-log-auth"]).toBe(stack.adminToken);
    expect(sent[0]!.headers["authorization"]).toBeUndefined();
  });
});
