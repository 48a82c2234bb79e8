import { spawn } from "node:child_process";
import { CoreV1Api } from "@kubernetes/client-node";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { KUBECTL, runKubectl } from "../support/run-kubectl.js";
import { useEmbeddedControlPlane } from "../support/use-embedded-control-plane.js";

const MANIFEST = fileURLToPath(new URL("../../fixtures/embedded/kubectl-manifest.yaml", import.meta.url));

describe("kubectl against the embedded API", () => {
  const fixture = useEmbeddedControlPlane();
  let cacheDir: string;
  const kubectl = (...args: string[]) => runKubectl(fixture.controlPlane.kubeconfigPath, cacheDir, args);
  const kubectlMinorVersion = async () =>
    Number(JSON.parse((await kubectl("version", "--client", "-o", "json")).stdout).clientVersion.minor.replace(/\D.*$/, ""));

  beforeAll(() => {
    cacheDir = mkdtempSync(join(tmpdir(), "kubectl-cache-"));
  });
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it("applies a multi-document manifest, and re-applies it unchanged", async () => {
    const first = await kubectl("apply", "-f", MANIFEST);
    expect(first.stderr).toBe("");
    expect(first.stdout.trim().split("\n")).toEqual([
      "namespace/peer created",
      "configmap/settings created",
      "project.kargo.akuity.io/peer created",
      "warehouse.kargo.akuity.io/images created",
      "stage.kargo.akuity.io/test created",
    ]);
    const second = await kubectl("apply", "-f", MANIFEST);
    expect(second.stdout).toContain("stage.kargo.akuity.io/test unchanged");
    expect(second.stdout).toContain("configmap/settings unchanged");
  });

  it("gets objects as JSON and as tables, by short name and across namespaces", async () => {
    const stage = await kubectl("get", "stage", "test", "-n", "peer", "-o", "json");
    expect(JSON.parse(stage.stdout)).toMatchObject({ apiVersion: "kargo.akuity.io/v1alpha1", kind: "Stage", metadata: { name: "test", namespace: "peer" } });
    const warehouses = await kubectl("get", "warehouses", "-A", "-o", "json");
    const list = JSON.parse(warehouses.stdout);
    expect(list.items.map((w: any) => `${w.metadata.namespace}/${w.metadata.name}`)).toEqual(["peer/images"]);
    // The CRD default was applied on the way in.
    expect(list.items[0].spec.interval).toBe("5m0s");
    const table = await kubectl("get", "cm", "-n", "peer");
    expect(table.stdout).toMatch(/^NAME\s+AGE\nsettings\s+\S+\n$/);
    // Server-side printing uses the CRD's printer columns.
    const stages = await kubectl("get", "stages", "-n", "peer");
    expect(stages.stdout.split("\n")[0]).toMatch(/^NAME\s+SHARD\s+CURRENT FREIGHT\s+HEALTH\s+READY\s+STATUS\s+AGE$/);
    expect(stages.stdout.split("\n")[1]).toMatch(/^test\s+\d+s$/);
  });

  it("sees a change with get -w", async () => {
    const child = spawn(KUBECTL, [
      "--kubeconfig",
      fixture.controlPlane.kubeconfigPath,
      "--cache-dir",
      cacheDir,
      "get",
      "configmap",
      "settings",
      "-n",
      "peer",
      "-w",
      "-o",
      'jsonpath={.data.greeting}{"\\n"}',
    ]);
    try {
      let output = "";
      // Waits for the text (the test timeout is the only bound); fails at once if kubectl exits.
      const seen = (text: string) =>
        new Promise<void>((resolve, reject) => {
          const check = () => {
            if (output.includes(text)) resolve();
          };
          child.stdout.on("data", (chunk: Buffer) => {
            output += chunk.toString();
            check();
          });
          child.on("exit", (code) => reject(new Error(`kubectl get -w exited (${code}) having printed ${JSON.stringify(output)}`)));
          check();
        });
      await seen("hello\n");
      const patch = await kubectl("patch", "configmap", "settings", "-n", "peer", "--type", "merge", "-p", '{"data":{"greeting":"bonjour"}}');
      expect(patch.stdout).toContain("configmap/settings patched");
      await seen("bonjour\n");
    } finally {
      child.kill();
    }
  });

  it("creates, lists and deletes through kubectl's typed (protobuf) clients", async () => {
    expect((await kubectl("create", "configmap", "typed", "-n", "peer", "--from-literal", "k=v")).stdout).toContain("configmap/typed created");
    const got = JSON.parse((await kubectl("get", "configmap", "typed", "-n", "peer", "-o", "json")).stdout);
    expect(got.data).toEqual({ k: "v" });
    expect((await kubectl("delete", "configmap", "typed", "-n", "peer")).stdout).toContain('configmap "typed" deleted');
  });

  it("deletes one object, then what the manifest created", async () => {
    expect((await kubectl("delete", "stage", "test", "-n", "peer")).stdout).toContain('stage.kargo.akuity.io "test" deleted');
    expect((await kubectl("get", "stage", "test", "-n", "peer")).stderr).toContain("NotFound");
    const deleted = await kubectl("delete", "-f", MANIFEST, "--ignore-not-found");
    expect(deleted.stdout).toContain('namespace "peer" deleted');
    expect(deleted.stdout).toContain('project.kargo.akuity.io "peer" deleted');
    // Deleting the namespace removed what was in it.
    const after = await kubectl("get", "warehouses,configmaps", "-n", "peer", "-o", "json");
    expect(JSON.parse(after.stdout).items).toEqual([]);
  });

  it("answers auth can-i (one verb and --list) and whoami for a ServiceAccount token user", async () => {
    await kubectl("create", "namespace", "cani");
    await kubectl("create", "serviceaccount", "bot", "-n", "cani");
    await kubectl("create", "rolebinding", "bot-view", "-n", "cani", "--clusterrole", "cluster-admin", "--serviceaccount", "cani:bot");
    // A TokenRequest through client-node: `kubectl create token` only exists from kubectl 1.24.
    const request = await fixture
      .kubeConfig()
      .makeApiClient(CoreV1Api)
      .createNamespacedServiceAccountToken({ name: "bot", namespace: "cani", body: { spec: {} } });
    const token = request.status!.token!;
    const allowed = await kubectl("--token", token, "auth", "can-i", "delete", "secrets", "-n", "cani");
    expect({ code: allowed.code, out: allowed.stdout.trim() }).toEqual({ code: 0, out: "yes" });
    const denied = await kubectl("--token", token, "auth", "can-i", "delete", "secrets", "-n", "default");
    expect(denied.code).toBe(1);
    expect(denied.stdout.trim()).toMatch(/^no/);
    // `kubectl auth whoami` exists from kubectl 1.27 (CI may install Debian's older kubectl).
    if ((await kubectlMinorVersion()) >= 27) {
      const whoami = await kubectl("--token", token, "auth", "whoami", "-o", "json");
      expect(JSON.parse(whoami.stdout).status.userInfo.username).toBe("system:serviceaccount:cani:bot");
    }
    const list = await kubectl("--token", token, "auth", "can-i", "--list", "-n", "cani");
    expect(list.stdout).toMatch(/^\*\.\*\s+\[\]\s+\[\]\s+\[\*\]$/m);
    const forbidden = await kubectl("--token", token, "get", "secrets", "-n", "default");
    expect(forbidden.stderr).toContain('User "system:serviceaccount:cani:bot" cannot list resource "secrets" in API group "" in the namespace "default"');
  });
});
