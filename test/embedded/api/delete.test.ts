import { CoreV1Api, type V1DeleteOptions } from "@kubernetes/client-node";
import { apiRequest } from "../support/api-request.js";
import { statusCodeOf } from "../support/status-code-of.js";
import { useEmbeddedControlPlane } from "../support/use-embedded-control-plane.js";
import { eventually } from "../../support/eventually.js";

describe("embedded API deletion", () => {
  const fixture = useEmbeddedControlPlane();
  let core: CoreV1Api;
  const exists = async (name: string) => (await statusCodeOf(core.readNamespacedConfigMap({ name, namespace: "del" }))) === undefined;

  beforeAll(async () => {
    core = fixture.kubeConfig().makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: "del" } } });
  });

  it("honours preconditions: a stale resourceVersion or another uid is 409 and deletes nothing", async () => {
    const created = await core.createNamespacedConfigMap({ namespace: "del", body: { metadata: { name: "guarded" } } });
    await core.patchNamespacedConfigMap({ name: "guarded", namespace: "del", body: [{ op: "add", path: "/data", value: { a: "1" } }] });
    const stale: V1DeleteOptions = { preconditions: { resourceVersion: created.metadata!.resourceVersion! } };
    expect(await statusCodeOf(core.deleteNamespacedConfigMap({ name: "guarded", namespace: "del", body: stale }))).toBe(409);
    expect(await statusCodeOf(core.deleteNamespacedConfigMap({ name: "guarded", namespace: "del", body: { preconditions: { uid: "not-the-uid" } } }))).toBe(
      409,
    );
    expect(await exists("guarded")).toBe(true);
    await core.deleteNamespacedConfigMap({ name: "guarded", namespace: "del", body: { preconditions: { uid: created.metadata!.uid! } } });
    expect(await exists("guarded")).toBe(false);
  });

  it("keeps an object with finalizers until they are removed, answering 202", async () => {
    await core.createNamespacedConfigMap({ namespace: "del", body: { metadata: { name: "held", finalizers: ["example.com/hold"] } } });
    const response = await apiRequest(fixture.controlPlane, "/api/v1/namespaces/del/configmaps/held", { method: "DELETE" });
    expect(response.status).toBe(202);
    expect(response.json.metadata.deletionTimestamp).toBeTruthy();
    expect(await exists("held")).toBe(true);
    await core.patchNamespacedConfigMap({ name: "held", namespace: "del", body: [{ op: "remove", path: "/metadata/finalizers" }] });
    expect(await exists("held")).toBe(false);
  });

  it("garbage-collects dependents in the background, and orphans them when asked", async () => {
    for (const policy of ["Background", "Orphan"] as const) {
      const owner = await core.createNamespacedConfigMap({ namespace: "del", body: { metadata: { name: `owner-${policy.toLowerCase()}` } } });
      const ownerReferences = [{ apiVersion: "v1", kind: "ConfigMap", name: owner.metadata!.name!, uid: owner.metadata!.uid! }];
      await core.createNamespacedConfigMap({ namespace: "del", body: { metadata: { name: `dependent-${policy.toLowerCase()}`, ownerReferences } } });
      await core.deleteNamespacedConfigMap({ name: owner.metadata!.name!, namespace: "del", propagationPolicy: policy });
    }
    await eventually(async () => !(await exists("dependent-background")));
    expect(await exists("dependent-orphan")).toBe(true);
  });

  it("deletes a collection by label selector, and dryRun deletes nothing", async () => {
    for (const name of ["a", "b", "c"]) {
      await core.createNamespacedConfigMap({
        namespace: "del",
        body: { metadata: { name: `batch-${name}`, labels: { batch: name === "c" ? "keep" : "drop" } } },
      });
    }
    const dry = await apiRequest(fixture.controlPlane, "/api/v1/namespaces/del/configmaps?labelSelector=batch%3Ddrop&dryRun=All", { method: "DELETE" });
    expect(dry.json.items.map((c: any) => c.metadata.name)).toEqual(["batch-a", "batch-b"]);
    expect(await exists("batch-a")).toBe(true);
    await core.deleteCollectionNamespacedConfigMap({ namespace: "del", labelSelector: "batch=drop" });
    expect([await exists("batch-a"), await exists("batch-b"), await exists("batch-c")]).toEqual([false, false, true]);
  });

  it("answers 404 for what does not exist", async () => {
    expect(await statusCodeOf(core.deleteNamespacedConfigMap({ name: "never", namespace: "del" }))).toBe(404);
  });
});
