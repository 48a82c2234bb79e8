import { Code } from "@connectrpc/connect";
import { createKubeClient, type KubeClient } from "../../src/kube/kube-client.js";
import { RESOURCES } from "../../src/kube/kargo-resources.js";
import { useEmbeddedControlPlane } from "../embedded/support/use-embedded-control-plane.js";
import { createProjectNamespace, stageObject } from "./support/project-namespace.js";

describe("KubeClient", () => {
  const fixture = useEmbeddedControlPlane();
  let client: KubeClient;
  const ref = (name: string) => ({ namespace: "crud", name });

  beforeAll(async () => {
    client = createKubeClient(fixture.kubeConfig());
    await createProjectNamespace(client, "crud");
  });

  describe("create", () => {
    it("fills in apiVersion and kind and returns the stored object", async () => {
      const created = await client.create(RESOURCES.stages, stageObject("crud", "test"));
      expect(created.apiVersion).toBe("kargo.akuity.io/v1alpha1");
      expect(created.kind).toBe("Stage");
      expect(created.metadata.uid).toBeTruthy();
      expect(created.metadata.resourceVersion).toMatch(/^\d+$/);
      expect((await client.get(RESOURCES.stages, ref("test"))).metadata.uid).toBe(created.metadata.uid);
    });

    it("names an object from generateName", async () => {
      const created = await client.create(RESOURCES.configmaps, { metadata: { generateName: "gen-", namespace: "crud" }, data: { a: "1" } });
      expect(created.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
    });

    it("stores nothing on a dry run", async () => {
      await client.create(RESOURCES.stages, stageObject("crud", "dry"), { dryRun: true });
      await expect(client.get(RESOURCES.stages, ref("dry"))).rejects.toMatchObject({ rawMessage: 'stage "dry" not found in project "crud"' });
    });
  });

  describe("patches", () => {
    it("merge-patches only the given fields, deleting keys set to null, keeping unknown fields", async () => {
      await client.create(RESOURCES.stages, {
        ...stageObject("crud", "merge", { keep: "me", drop: "me" }),
        spec: { ...stageObject("crud", "merge").spec, shard: "east" },
      });
      const patched = await client.mergePatch(RESOURCES.stages, ref("merge"), {
        metadata: { labels: { drop: null, added: "yes" }, annotations: { "kargo.akuity.io/refresh": "now" } },
      });
      expect(patched.metadata.labels).toEqual({ keep: "me", added: "yes" });
      expect(patched.metadata.annotations).toEqual({ "kargo.akuity.io/refresh": "now" });
      expect((patched["spec"] as { shard: string }).shard).toBe("east");
    });

    it("applies a merge patch with a current resourceVersion", async () => {
      const current = await client.get(RESOURCES.stages, ref("merge"));
      const patched = await client.mergePatch(
        RESOURCES.stages,
        ref("merge"),
        { metadata: { labels: { guarded: "ok" } } },
        { resourceVersion: current.metadata.resourceVersion! },
      );
      expect(patched.metadata.labels?.["guarded"]).toBe("ok");
    });

    it("patches status through the status subresource, leaving spec alone", async () => {
      const patched = await client.patchStatus(RESOURCES.stages, ref("merge"), { status: { phase: "Steady" }, spec: { shard: "ignored" } });
      expect((patched["status"] as { phase: string }).phase).toBe("Steady");
      expect((patched["spec"] as { shard: string }).shard).toBe("east");
    });

    it("applies a JSON patch", async () => {
      const patched = await client.jsonPatch(RESOURCES.stages, ref("merge"), [
        { op: "test", path: "/spec/shard", value: "east" },
        { op: "replace", path: "/spec/shard", value: "west" },
      ]);
      expect((patched["spec"] as { shard: string }).shard).toBe("west");
    });
  });

  describe("replace", () => {
    it("writes the whole object: fields left out are removed, status is kept", async () => {
      await client.create(RESOURCES.stages, {
        ...stageObject("crud", "whole", { old: "label" }),
        spec: { ...stageObject("crud", "whole").spec, shard: "east" },
      });
      await client.patchStatus(RESOURCES.stages, ref("whole"), { status: { phase: "Steady" } });
      const current = await client.get(RESOURCES.stages, ref("whole"));
      const replaced = await client.replace(RESOURCES.stages, {
        ...stageObject("crud", "whole", { new: "label" }),
        metadata: { ...current.metadata, labels: { new: "label" } },
      });
      expect(replaced.kind).toBe("Stage");
      expect(replaced.metadata.labels).toEqual({ new: "label" });
      expect(replaced.spec).not.toHaveProperty("shard");
      expect((replaced["status"] as { phase: string }).phase).toBe("Steady");
      expect((await client.get(RESOURCES.stages, ref("whole"))).metadata.resourceVersion).toBe(replaced.metadata.resourceVersion);
    });

    it("is ABORTED at a stale resourceVersion and NOT_FOUND for a missing object", async () => {
      const stale = (await client.get(RESOURCES.stages, ref("whole"))).metadata.resourceVersion!;
      await client.mergePatch(RESOURCES.stages, ref("whole"), { metadata: { annotations: { moved: "on" } } });
      await expect(
        client.replace(RESOURCES.stages, { ...stageObject("crud", "whole"), metadata: { name: "whole", namespace: "crud", resourceVersion: stale } }),
      ).rejects.toMatchObject({ code: Code.Aborted });
      await expect(
        client.replace(RESOURCES.stages, { ...stageObject("crud", "absent"), metadata: { name: "absent", namespace: "crud", resourceVersion: stale } }),
      ).rejects.toMatchObject({ code: Code.NotFound, rawMessage: 'stage "absent" not found in project "crud"' });
    });

    it("stores nothing on a dry run", async () => {
      const current = await client.get(RESOURCES.stages, ref("whole"));
      await client.replace(
        RESOURCES.stages,
        { ...stageObject("crud", "whole", { dry: "run" }), metadata: { ...current.metadata, labels: { dry: "run" } } },
        { dryRun: true },
      );
      expect((await client.get(RESOURCES.stages, ref("whole"))).metadata.labels).toEqual({ new: "label" });
    });
  });

  describe("list", () => {
    beforeAll(async () => {
      for (let i = 0; i < 5; i++) {
        await client.create(RESOURCES.configmaps, { metadata: { name: `item-${i}`, namespace: "crud", labels: { parity: i % 2 ? "odd" : "even" } }, data: {} });
      }
    });

    it("filters by label selector and gives the list's resourceVersion", async () => {
      const list = await client.list(RESOURCES.configmaps, { namespace: "crud", labelSelector: "parity=odd" });
      expect(list.items.map((i) => i.metadata.name)).toEqual(["item-1", "item-3"]);
      expect(list.resourceVersion).toMatch(/^\d+$/);
    });

    it("filters by field selector", async () => {
      const list = await client.list(RESOURCES.configmaps, { namespace: "crud", fieldSelector: "metadata.name=item-4" });
      expect(list.items.map((i) => i.metadata.name)).toEqual(["item-4"]);
    });

    it("chunks with limit and continue", async () => {
      const names: string[] = [];
      let token: string | undefined;
      let chunks = 0;
      do {
        const list = await client.list(RESOURCES.configmaps, { namespace: "crud", labelSelector: "parity", limit: 2, ...(token ? { continue: token } : {}) });
        names.push(...list.items.map((i) => i.metadata.name!));
        token = list.continue;
        chunks++;
      } while (token);
      expect(chunks).toBe(3);
      expect(names).toEqual(["item-0", "item-1", "item-2", "item-3", "item-4"]);
    });

    it("lists across all namespaces when none is given", async () => {
      const list = await client.list(RESOURCES.stages);
      expect(list.items.some((s) => s.metadata.namespace === "crud")).toBe(true);
    });
  });

  describe("delete", () => {
    it("deletes an object", async () => {
      await client.create(RESOURCES.stages, stageObject("crud", "doomed"));
      await client.delete(RESOURCES.stages, ref("doomed"));
      await expect(client.get(RESOURCES.stages, ref("doomed"))).rejects.toMatchObject({ rawMessage: 'stage "doomed" not found in project "crud"' });
    });

    it("keeps an object with finalizers, marked for deletion", async () => {
      await client.create(RESOURCES.configmaps, { metadata: { name: "held", namespace: "crud", finalizers: ["example.com/hold"] } });
      await client.delete(RESOURCES.configmaps, ref("held"));
      expect((await client.get(RESOURCES.configmaps, ref("held"))).metadata.deletionTimestamp).toBeTruthy();
      await client.mergePatch(RESOURCES.configmaps, ref("held"), { metadata: { finalizers: null } });
      await expect(client.get(RESOURCES.configmaps, ref("held"))).rejects.toMatchObject({ rawMessage: 'config map "held" not found in namespace "crud"' });
    });
  });
});
