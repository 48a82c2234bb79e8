import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { startClaimsIndex, type RunningClaimsIndex } from "../../../src/auth/claims-index/start-claims-index.js";
import { startEmbeddedControlPlane, type EmbeddedControlPlane } from "../../../src/embedded/index.js";
import { waitFor } from "../support/wait-for.js";

// The index fed by real informers over the embedded control plane's Kubernetes API.
describe("startClaimsIndex", () => {
  let dataDir: string;
  let controlPlane: EmbeddedControlPlane;
  let core: CoreV1Api;
  let running: RunningClaimsIndex;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "claims-index-"));
    controlPlane = await startEmbeddedControlPlane({ dataDir });
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(controlPlane.kubeconfigPath);
    core = kubeConfig.makeApiClient(CoreV1Api);
    // Present before the index starts: must come from the initial list.
    await core.createNamespace({ body: { metadata: { name: "early", labels: { "kargo.akuity.io/project": "true" } } } });
    await core.createNamespacedServiceAccount({
      namespace: "early",
      body: { metadata: { name: "legacy", annotations: { "rbac.kargo.akuity.io/claim.groups": "ops, devs" } } },
    });
    running = await startClaimsIndex(kubeConfig, ["kargo"]);
  });
  afterAll(async () => {
    await running.stop();
    await controlPlane.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const lookup = (claims: Record<string, unknown>) => running.index.serviceAccountsFor(claims).map((sa) => `${sa.namespace}/${sa.name}`);

  it("has the objects that existed before it started once it resolves", () => {
    expect(lookup({ groups: ["devs"] })).toEqual(["early/legacy"]);
  });

  it("picks up a ServiceAccount created later in a project namespace", async () => {
    await core.createNamespace({ body: { metadata: { name: "late", labels: { "kargo.akuity.io/project": "true" } } } });
    await core.createNamespacedServiceAccount({
      namespace: "late",
      body: { metadata: { name: "viewer", annotations: { "rbac.kargo.akuity.io/claims": '{"email":["a@x.io"]}' } } },
    });
    await waitFor("late/viewer", () => lookup({ email: "a@x.io" }).includes("late/viewer"));
  });

  it("picks up ServiceAccounts of the global namespaces, and ignores other namespaces", async () => {
    await core.createNamespacedServiceAccount({ namespace: "kargo", body: { metadata: { name: "global", annotations: { "rbac.kargo.akuity.io/claims": '{"sub":["u1"]}' } } } });
    await core.createNamespacedServiceAccount({ namespace: "default", body: { metadata: { name: "stray", annotations: { "rbac.kargo.akuity.io/claims": '{"sub":["u1"]}' } } } });
    await waitFor("kargo/global", () => lookup({ sub: "u1" }).includes("kargo/global"));
    expect(lookup({ sub: "u1" })).toEqual(["kargo/global"]);
  });

  it("stops mapping a namespace's ServiceAccounts when the namespace loses the project label", async () => {
    await core.patchNamespace({ name: "early", body: [{ op: "replace", path: "/metadata/labels", value: {} }] });
    await waitFor("early to stop counting", () => lookup({ groups: ["devs"] }).length === 0);
  });

  it("forgets a deleted ServiceAccount", async () => {
    await core.deleteNamespacedServiceAccount({ namespace: "late", name: "viewer" });
    await waitFor("late/viewer to go", () => lookup({ email: "a@x.io" }).length === 0);
  });
});
