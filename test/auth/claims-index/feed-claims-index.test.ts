import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { feedClaimsIndex, type RunningClaimsIndex } from "../../../src/auth/claims-index/feed-claims-index.js";
import { startEmbeddedControlPlane, type EmbeddedControlPlane } from "../../../src/embedded/index.js";
import { createKubeCaches, type KubeCaches } from "../../../src/kube/index.js";
import { eventually } from "../../support/eventually.js";

// The index fed by the shared informer caches over the embedded control plane's Kubernetes API.
describe("feedClaimsIndex", () => {
  let dataDir: string;
  let controlPlane: EmbeddedControlPlane;
  let core: CoreV1Api;
  let running: RunningClaimsIndex;
  let caches: KubeCaches;
  const revoked: string[] = [];

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
    caches = createKubeCaches(kubeConfig);
    running = await feedClaimsIndex(caches, ["kargo"], { onServiceAccountTokensRevoked: (namespace, name) => revoked.push(`${namespace}/${name}`) });
  });
  afterAll(async () => {
    running.stop();
    caches.stop();
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
    await eventually(() => lookup({ email: "a@x.io" }).includes("late/viewer"), "late/viewer");
  });

  it("picks up ServiceAccounts of the global namespaces, and ignores other namespaces", async () => {
    await core.createNamespacedServiceAccount({
      namespace: "kargo",
      body: { metadata: { name: "global", annotations: { "rbac.kargo.akuity.io/claims": '{"sub":["u1"]}' } } },
    });
    await core.createNamespacedServiceAccount({
      namespace: "default",
      body: { metadata: { name: "stray", annotations: { "rbac.kargo.akuity.io/claims": '{"sub":["u1"]}' } } },
    });
    await eventually(() => lookup({ sub: "u1" }).includes("kargo/global"), "kargo/global");
    expect(lookup({ sub: "u1" })).toEqual(["kargo/global"]);
  });

  it("stops mapping a namespace's ServiceAccounts when the namespace loses the project label", async () => {
    await core.patchNamespace({ name: "early", body: [{ op: "replace", path: "/metadata/labels", value: {} }] });
    await eventually(() => lookup({ groups: ["devs"] }).length === 0, "early to stop counting");
  });

  it("reports a ServiceAccount whose tokens were revoked (the DeleteAPIToken stamp), and not one merely relabelled", async () => {
    await core.patchNamespacedServiceAccount({ namespace: "late", name: "viewer", body: [{ op: "add", path: "/metadata/labels", value: { team: "a" } }] });
    await core.patchNamespacedServiceAccount({
      namespace: "late",
      name: "viewer",
      body: [{ op: "add", path: "/metadata/annotations/api.kargo.akuity.io~1tokens-revoked-at", value: "2026-12-02T10:00:00Z" }],
    });
    await eventually(() => revoked.includes("late/viewer"), "the revocation stamp");
    expect(revoked).toEqual(["late/viewer"]);
  });

  it("forgets a deleted ServiceAccount, and reports its tokens revoked", async () => {
    await core.deleteNamespacedServiceAccount({ namespace: "late", name: "viewer" });
    await eventually(() => lookup({ email: "a@x.io" }).length === 0, "late/viewer to go");
    await eventually(() => revoked.length === 2, "the deletion reported");
    expect(revoked).toEqual(["late/viewer", "late/viewer"]);
  });
});
