import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runKubectl } from "../support/run-kubectl.js";
import { useEmbeddedControlPlane } from "../support/use-embedded-control-plane.js";

// Kargo manifests carry Argo Rollouts' analysis kinds; they apply unchanged and kubectl works with them.
const MANIFEST = `apiVersion: v1
kind: Namespace
metadata:
  name: rollouts
---
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: smoke
  namespace: rollouts
spec:
  args:
  - name: service
  metrics:
  - name: smoke
    count: 3
    interval: 10s
    failureLimit: "{{args.limit}}"
    successCondition: result.ok == true
    provider:
      web:
        url: http://127.0.0.1:9/{{args.service}}
        jsonPath: "{$.data}"
---
apiVersion: argoproj.io/v1alpha1
kind: ClusterAnalysisTemplate
metadata:
  name: shared
spec:
  metrics:
  - name: errors
    provider:
      prometheus:
        address: http://127.0.0.1:9090
        query: sum(errors)
`;

describe("Argo Rollouts' analysis kinds through kubectl", () => {
  const fixture = useEmbeddedControlPlane({ controllers: false });
  let cacheDir: string;
  const kubectl = (args: string[], input?: string) => runKubectl(fixture.controlPlane.kubeconfigPath, cacheDir, args, input);

  beforeAll(() => {
    cacheDir = mkdtempSync(join(tmpdir(), "kubectl-cache-"));
  });
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it("applies AnalysisTemplate and ClusterAnalysisTemplate manifests unchanged and gets them by short name", async () => {
    const applied = await kubectl(["apply", "-f", "-"], MANIFEST);
    expect(applied.stderr).toBe("");
    expect(applied.stdout.trim().split("\n")).toEqual([
      "namespace/rollouts created",
      "analysistemplate.argoproj.io/smoke created",
      "clusteranalysistemplate.argoproj.io/shared created",
    ]);
    expect((await kubectl(["apply", "-f", "-"], MANIFEST)).stdout).toContain("analysistemplate.argoproj.io/smoke unchanged");
    const template = JSON.parse((await kubectl(["get", "at", "smoke", "-n", "rollouts", "-o", "json"])).stdout);
    expect(template.spec.metrics[0]).toMatchObject({ name: "smoke", count: 3, failureLimit: "{{args.limit}}" });
    expect((await kubectl(["get", "cat"])).stdout).toMatch(/^NAME\s+AGE\nshared\s+\S+\n$/);
  });

  it("rejects an AnalysisTemplate whose fields have the wrong types, naming them", async () => {
    const bad = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: bad
  namespace: rollouts
spec:
  metrics:
  - name: m
    provider:
      web:
        url: http://127.0.0.1:9/
        method: DELETE
        timeoutSeconds: soon
`;
    const result = await kubectl(["apply", "-f", "-"], bad);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("spec.metrics[0].provider.web.method");
    expect(result.stderr).toContain("spec.metrics[0].provider.web.timeoutSeconds");
    const noMetrics = await kubectl(["apply", "-f", "-"], bad.replace(/ {2}metrics:[\s\S]*$/, "  args: []\n"));
    expect(noMetrics.stderr).toContain("spec.metrics");
  });

  it("serves AnalysisRuns with their phase as a column", async () => {
    const run = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisRun
metadata:
  name: run-1
  namespace: rollouts
spec:
  metrics:
  - name: m
    provider:
      web:
        url: http://127.0.0.1:9/
status:
  phase: Running
`;
    expect((await kubectl(["create", "-f", "-"], run)).stderr).toBe("");
    const table = await kubectl(["get", "ar", "-n", "rollouts"]);
    expect(table.stdout).toMatch(/^NAME\s+STATUS\s+AGE\nrun-1\s+Running\s+\S+\n$/);
  });
});
