import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { statusCodeOf } from "../support/status-code-of.js";
import { useEmbeddedControlPlane } from "../support/use-embedded-control-plane.js";

const KARGO = { group: "kargo.akuity.io", version: "v1alpha1" };

function stage(name: string, namespace: string) {
  return {
    apiVersion: "kargo.akuity.io/v1alpha1",
    kind: "Stage",
    metadata: { name, namespace, labels: { tier: "test" } },
    spec: { requestedFreight: [{ origin: { kind: "Warehouse", name: "images" }, sources: { direct: true } }] },
  };
}

describe("embedded API through @kubernetes/client-node", () => {
  const fixture = useEmbeddedControlPlane();
  let core: CoreV1Api;
  let custom: CustomObjectsApi;

  beforeAll(async () => {
    core = fixture.kubeConfig().makeApiClient(CoreV1Api);
    custom = fixture.kubeConfig().makeApiClient(CustomObjectsApi);
    await core.createNamespace({ body: { metadata: { name: "crud" } } });
  });

  describe("a Kargo Stage", () => {
    it("is created, read, updated, status-patched, listed and deleted", async () => {
      const created = (await custom.createNamespacedCustomObject({ ...KARGO, namespace: "crud", plural: "stages", body: stage("test", "crud") })) as any;
      expect(created.metadata.uid).toBeTruthy();
      expect(created.metadata.generation).toBe(1);
      expect(created.kind).toBe("Stage");

      const read = (await custom.getNamespacedCustomObject({ ...KARGO, namespace: "crud", plural: "stages", name: "test" })) as any;
      expect(read.spec.requestedFreight[0].origin.name).toBe("images");

      read.spec.shard = "east";
      const updated = (await custom.replaceNamespacedCustomObject({ ...KARGO, namespace: "crud", plural: "stages", name: "test", body: read })) as any;
      expect(updated.spec.shard).toBe("east");
      expect(updated.metadata.generation).toBe(2);

      const withStatus = (await custom.patchNamespacedCustomObjectStatus(
        { ...KARGO, namespace: "crud", plural: "stages", name: "test", body: { status: { phase: "Steady" }, spec: { shard: "ignored" } } },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      )) as any;
      expect(withStatus.status.phase).toBe("Steady");
      // The status subresource never changes spec, and a status change does not move generation.
      expect(withStatus.spec.shard).toBe("east");
      expect(withStatus.metadata.generation).toBe(2);

      const list = (await custom.listNamespacedCustomObject({ ...KARGO, namespace: "crud", plural: "stages" })) as any;
      expect(list.kind).toBe("StageList");
      expect(list.items.map((s: any) => s.metadata.name)).toEqual(["test"]);

      await custom.deleteNamespacedCustomObject({ ...KARGO, namespace: "crud", plural: "stages", name: "test" });
      expect(await statusCodeOf(custom.getNamespacedCustomObject({ ...KARGO, namespace: "crud", plural: "stages", name: "test" }))).toBe(404);
    });

    it("replaces only status through PUT on the status subresource", async () => {
      await custom.createNamespacedCustomObject({ ...KARGO, namespace: "crud", plural: "stages", body: stage("status-put", "crud") });
      const read = (await custom.getNamespacedCustomObjectStatus({ ...KARGO, namespace: "crud", plural: "stages", name: "status-put" })) as any;
      read.status = { phase: "Verifying" };
      read.spec.shard = "not-through-status";
      const replaced = (await custom.replaceNamespacedCustomObjectStatus({
        ...KARGO,
        namespace: "crud",
        plural: "stages",
        name: "status-put",
        body: read,
      })) as any;
      expect(replaced.status).toEqual({ phase: "Verifying" });
      expect(replaced.spec.shard).toBeUndefined();
      // PromotionTask's CRD has no status subresource, so there is no such path.
      expect(await statusCodeOf(custom.getNamespacedCustomObjectStatus({ ...KARGO, namespace: "crud", plural: "promotiontasks", name: "x" }))).toBe(404);
    });

    it("answers 409 Conflict to an update based on a stale resourceVersion", async () => {
      const created = (await custom.createNamespacedCustomObject({ ...KARGO, namespace: "crud", plural: "stages", body: stage("racy", "crud") })) as any;
      await custom.patchNamespacedCustomObject(
        { ...KARGO, namespace: "crud", plural: "stages", name: "racy", body: { spec: { shard: "first" } } },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      );
      created.spec.shard = "second";
      expect(await statusCodeOf(custom.replaceNamespacedCustomObject({ ...KARGO, namespace: "crud", plural: "stages", name: "racy", body: created }))).toBe(
        409,
      );
    });

    it("answers 409 AlreadyExists to a second create of the same name", async () => {
      await custom.createNamespacedCustomObject({ ...KARGO, namespace: "crud", plural: "stages", body: stage("twice", "crud") });
      expect(await statusCodeOf(custom.createNamespacedCustomObject({ ...KARGO, namespace: "crud", plural: "stages", body: stage("twice", "crud") }))).toBe(
        409,
      );
    });
  });

  describe("ConfigMaps and Secrets", () => {
    it("are created with generateName, updated and deleted through CoreV1Api", async () => {
      const created = await core.createNamespacedConfigMap({ namespace: "crud", body: { metadata: { generateName: "settings-" }, data: { a: "1" } } });
      const name = created.metadata!.name!;
      expect(name).toMatch(/^settings-[a-z0-9]{5}$/);
      created.data = { a: "2" };
      const replaced = await core.replaceNamespacedConfigMap({ name, namespace: "crud", body: created });
      expect(replaced.data).toEqual({ a: "2" });
      await core.deleteNamespacedConfigMap({ name, namespace: "crud" });
      expect(await statusCodeOf(core.readNamespacedConfigMap({ name, namespace: "crud" }))).toBe(404);

      const secret = await core.createNamespacedSecret({
        namespace: "crud",
        body: { metadata: { name: "creds" }, stringData: { password: "s3cret" }, data: { user: Buffer.from("me").toString("base64") } },
      });
      const read = await core.readNamespacedSecret({ name: "creds", namespace: "crud" });
      expect(Buffer.from(read.data!["user"]!, "base64").toString()).toBe("me");
      // stringData is write-only: folded into data, never stored.
      expect(Buffer.from(read.data!["password"]!, "base64").toString()).toBe("s3cret");
      expect(read.stringData).toBeUndefined();
      expect(secret.metadata!.uid).toBe(read.metadata!.uid);
    });

    it("applies merge, JSON and strategic-merge patches", async () => {
      await core.createNamespacedConfigMap({ namespace: "crud", body: { metadata: { name: "patched" }, data: { a: "1", b: "2" } } });
      await core.patchNamespacedConfigMap(
        { name: "patched", namespace: "crud", body: { data: { b: null, c: "3" } } },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      );
      await core.patchNamespacedConfigMap(
        {
          name: "patched",
          namespace: "crud",
          body: [
            { op: "replace", path: "/data/a", value: "10" },
            { op: "add", path: "/metadata/labels", value: { via: "json-patch" } },
          ],
        },
        setHeaderOptions("Content-Type", PatchStrategy.JsonPatch),
      );
      const result = await core.patchNamespacedConfigMap(
        { name: "patched", namespace: "crud", body: { data: { d: "4" } } },
        setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch),
      );
      expect(result.data).toEqual({ a: "10", c: "3", d: "4" });
      expect(result.metadata!.labels).toEqual({ via: "json-patch" });
    });

    it("applies concurrent patches to one object without losing any", async () => {
      await core.createNamespacedConfigMap({ namespace: "crud", body: { metadata: { name: "contended" } } });
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          core.patchNamespacedConfigMap(
            { name: "contended", namespace: "crud", body: { data: { [`k${i}`]: String(i) } } },
            setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
          ),
        ),
      );
      const result = await core.readNamespacedConfigMap({ name: "contended", namespace: "crud" });
      expect(Object.keys(result.data ?? {})).toHaveLength(20);
    });

    it("rejects a JSON patch whose test fails with 422 and leaves the object unchanged", async () => {
      await core.createNamespacedConfigMap({ namespace: "crud", body: { metadata: { name: "guarded" }, data: { a: "1" } } });
      const code = await statusCodeOf(
        core.patchNamespacedConfigMap(
          {
            name: "guarded",
            namespace: "crud",
            body: [
              { op: "test", path: "/data/a", value: "2" },
              { op: "replace", path: "/data/a", value: "3" },
            ],
          },
          setHeaderOptions("Content-Type", PatchStrategy.JsonPatch),
        ),
      );
      expect(code).toBe(422);
      expect((await core.readNamespacedConfigMap({ name: "guarded", namespace: "crud" })).data).toEqual({ a: "1" });
    });
  });

  describe("lists", () => {
    beforeAll(async () => {
      await core.createNamespace({ body: { metadata: { name: "lists" } } });
      for (let i = 0; i < 7; i++) {
        await core.createNamespacedConfigMap({
          namespace: "lists",
          body: { metadata: { name: `cm-${i}`, labels: { parity: i % 2 === 0 ? "even" : "odd", index: String(i) } } },
        });
      }
    });

    it("filter by label selector (=, !=, in, notin, exists, !exists)", async () => {
      const names = async (labelSelector: string) =>
        (await core.listNamespacedConfigMap({ namespace: "lists", labelSelector })).items.map((c) => c.metadata!.name);
      expect(await names("parity=odd")).toEqual(["cm-1", "cm-3", "cm-5"]);
      expect(await names("parity!=odd")).toEqual(["cm-0", "cm-2", "cm-4", "cm-6"]);
      expect(await names("index in (1,2)")).toEqual(["cm-1", "cm-2"]);
      expect(await names("parity=even,index notin (0,6)")).toEqual(["cm-2", "cm-4"]);
      expect(await names("index")).toHaveLength(7);
      expect(await names("!index")).toEqual([]);
    });

    it("filter by field selector, across namespaces too", async () => {
      const one = await core.listNamespacedConfigMap({ namespace: "lists", fieldSelector: "metadata.name=cm-3" });
      expect(one.items.map((c) => c.metadata!.name)).toEqual(["cm-3"]);
      const all = await core.listConfigMapForAllNamespaces({ fieldSelector: "metadata.namespace=lists,metadata.name!=cm-0" });
      expect(all.items).toHaveLength(6);
      expect(await statusCodeOf(core.listNamespacedConfigMap({ namespace: "lists", fieldSelector: "data.a=1" }))).toBe(400);
    });

    it("paginate with limit and continue", async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await core.listNamespacedConfigMap({ namespace: "lists", limit: 3, ...(token ? { _continue: token } : {}) });
        seen.push(...page.items.map((c) => c.metadata!.name!));
        token = page.metadata!._continue || undefined;
        pages++;
      } while (token);
      expect(pages).toBe(3);
      expect(seen).toEqual(["cm-0", "cm-1", "cm-2", "cm-3", "cm-4", "cm-5", "cm-6"]);
    });
  });
});
