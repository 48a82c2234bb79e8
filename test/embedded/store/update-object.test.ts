import type { KubeObject } from "../../../src/embedded/store/types.js";
import { configMap, configMaps, eventLog, expectStoreError, stage, stages, useMemoryStore } from "./store-fixtures.js";

describe("ObjectStore.update", () => {
  const store = useMemoryStore();

  function createWithStatus(): KubeObject {
    store().create(stages, stage("test", { spec: { shard: "a" } }));
    return store().update(stages, { ...stage("test"), status: { phase: "Healthy" } }, { subresource: "status" });
  }

  describe("when the object does not exist", () => {
    it("throws NotFound", () => {
      const error = expectStoreError(() => store().update(stages, stage("missing")), "NotFound");
      expect(error.message).toBe('stages.kargo.akuity.io "missing" in namespace "demo" not found');
    });
  });

  describe("optimistic concurrency", () => {
    it("throws Conflict when metadata.resourceVersion is stale", () => {
      const created = store().create(stages, stage("test"));
      store().update(stages, { ...created, spec: { shard: "b" } });
      const error = expectStoreError(() => store().update(stages, { ...created, spec: { shard: "c" } }), "Conflict");
      expect(error.message).toContain("the object has been modified");
      expect(store().get(stages, "demo", "test")!.spec).toEqual({ shard: "b" });
    });

    it("succeeds when metadata.resourceVersion is current", () => {
      const created = store().create(stages, stage("test"));
      const updated = store().update(stages, { ...created, spec: { shard: "b" } });
      expect(Number(updated.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    });

    it("is unconditional when metadata.resourceVersion is absent", () => {
      store().create(stages, stage("test"));
      store().update(stages, stage("test", { spec: { shard: "b" } }));
      expect(store().update(stages, stage("test", { spec: { shard: "c" } })).spec).toEqual({ shard: "c" });
    });

    it("throws Conflict when metadata.uid names another incarnation", () => {
      store().create(stages, stage("test"));
      expectStoreError(() => store().update(stages, stage("test", { metadata: { uid: "other" } })), "Conflict");
    });
  });

  describe("server-owned fields", () => {
    it("keeps uid and creationTimestamp from the stored object", () => {
      const created = store().create(stages, stage("test"));
      const updated = store().update(stages, stage("test", { metadata: { creationTimestamp: "2000-01-01T00:00:00Z" } }));
      expect(updated.metadata.uid).toBe(created.metadata.uid);
      expect(updated.metadata.creationTimestamp).toBe(created.metadata.creationTimestamp);
    });

    it("rejects setting deletionTimestamp as Invalid", () => {
      store().create(stages, stage("test"));
      expectStoreError(() => store().update(stages, stage("test", { metadata: { deletionTimestamp: "2030-01-01T00:00:00Z" } })), "Invalid");
    });
  });

  describe("generation", () => {
    it("increments when spec changes", () => {
      store().create(stages, stage("test"));
      expect(store().update(stages, stage("test", { spec: { shard: "b" } })).metadata.generation).toBe(2);
    });

    it("stays when only metadata changes", () => {
      store().create(stages, stage("test"));
      const updated = store().update(stages, stage("test", { metadata: { labels: { a: "b" } } }));
      expect(updated.metadata.generation).toBe(1);
      expect(updated.metadata.labels).toEqual({ a: "b" });
    });

    it("stays when status changes through the status subresource", () => {
      expect(createWithStatus().metadata.generation).toBe(1);
    });

    it("ignores the order of fields in the spec", () => {
      store().create(stages, stage("test", { spec: { a: 1, b: { c: 2, d: 3 } } }));
      expect(store().update(stages, stage("test", { spec: { b: { d: 3, c: 2 }, a: 1 } })).metadata.generation).toBe(1);
    });

    it("increments on any change outside metadata for a type without status subresource", () => {
      store().create(configMaps, configMap("c", { a: "1" }));
      expect(store().update(configMaps, { ...configMap("c", { a: "1" }), status: { x: 1 } }).metadata.generation).toBe(2);
    });

    it("cannot be set by the client", () => {
      store().create(stages, stage("test"));
      expect(store().update(stages, stage("test", { metadata: { generation: 42 } })).metadata.generation).toBe(1);
    });
  });

  describe("status subresource", () => {
    it("a status write replaces only status, keeping spec and metadata", () => {
      store().create(stages, stage("test", { spec: { shard: "a" } }));
      const updated = store().update(
        stages,
        stage("test", { spec: { shard: "ignored" }, metadata: { labels: { ignored: "yes" } }, status: { phase: "Healthy" } }),
        { subresource: "status" },
      );
      expect(updated.spec).toEqual({ shard: "a" });
      expect(updated.metadata.labels).toBeUndefined();
      expect(updated.status).toEqual({ phase: "Healthy" });
    });

    it("a main-resource write keeps the stored status", () => {
      createWithStatus();
      const updated = store().update(stages, stage("test", { spec: { shard: "b" }, status: { phase: "Overwritten" } }));
      expect(updated.status).toEqual({ phase: "Healthy" });
      expect(updated.spec).toEqual({ shard: "b" });
    });

    it("is NotFound for a type without status subresource", () => {
      store().create(configMaps, configMap("c"));
      expectStoreError(() => store().update(configMaps, configMap("c"), { subresource: "status" }), "NotFound");
    });
  });

  describe("an update that changes nothing", () => {
    it("keeps the resourceVersion and sends no event", () => {
      const created = store().create(stages, stage("test"));
      const log = eventLog();
      store().watch(stages, { resourceVersion: store().currentResourceVersion() }, log.push);
      const updated = store().update(stages, stage("test"));
      expect(updated.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
      expect(log.lines).toEqual([]);
    });
  });

  describe("an object being deleted", () => {
    function deleting(): KubeObject {
      store().create(stages, stage("test", { metadata: { finalizers: ["a", "b"] } }));
      return store().delete(stages, "demo", "test");
    }

    it("cannot get new finalizers (Invalid)", () => {
      const marked = deleting();
      const error = expectStoreError(() => store().update(stages, { ...marked, metadata: { ...marked.metadata, finalizers: ["a", "b", "c"] } }), "Invalid");
      expect(error.details.field).toBe("metadata.finalizers");
      expect(error.message).toContain("no new finalizers can be added if the object is being deleted");
    });

    it("keeps its deletionTimestamp when the client omits it", () => {
      const marked = deleting();
      const updated = store().update(stages, stage("test", { metadata: { finalizers: ["a"] } }));
      expect(updated.metadata.deletionTimestamp).toBe(marked.metadata.deletionTimestamp);
    });

    it("is deleted by the update that removes its last finalizer", () => {
      const marked = deleting();
      const log = eventLog();
      store().watch(stages, { resourceVersion: store().currentResourceVersion() }, log.push);
      store().update(stages, { ...marked, metadata: { ...marked.metadata, finalizers: ["b"] } });
      const current = store().get(stages, "demo", "test")!;
      store().update(stages, { ...current, metadata: { ...current.metadata, finalizers: [] } });
      expect(store().get(stages, "demo", "test")).toBeUndefined();
      expect(log.lines).toEqual(["MODIFIED test", "DELETED test"]);
    });
  });

  describe("with dryRun", () => {
    it("returns the result without storing it", () => {
      store().create(stages, stage("test"));
      const result = store().update(stages, stage("test", { spec: { shard: "b" } }), { dryRun: true });
      expect(result.spec).toEqual({ shard: "b" });
      expect(store().get(stages, "demo", "test")!.spec).toEqual({ shard: "a" });
      expect(store().currentResourceVersion()).toBe("1");
    });
  });
});
