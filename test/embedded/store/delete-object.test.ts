import { eventLog, expectStoreError, stage, stages, useMemoryStore } from "./store-fixtures.js";

describe("ObjectStore.delete", () => {
  const store = useMemoryStore();

  describe("when the object does not exist", () => {
    it("throws NotFound", () => {
      expectStoreError(() => store().delete(stages, "demo", "missing"), "NotFound");
    });
  });

  describe("an object without finalizers", () => {
    it("is removed and returned with the deletion's resourceVersion", () => {
      const created = store().create(stages, stage("test"));
      const deleted = store().delete(stages, "demo", "test");
      expect(store().get(stages, "demo", "test")).toBeUndefined();
      expect(deleted.metadata.uid).toBe(created.metadata.uid);
      expect(deleted.metadata.resourceVersion).toBe("2");
      expect(store().currentResourceVersion()).toBe("2");
    });

    it("sends DELETED to watchers", () => {
      store().create(stages, stage("test"));
      const log = eventLog();
      store().watch(stages, { resourceVersion: "1" }, log.push);
      store().delete(stages, "demo", "test");
      expect(log.lines).toEqual(["DELETED test"]);
      expect(log.events[0]!.object.metadata.resourceVersion).toBe("2");
    });

    it("frees the name for a new object with a new uid", () => {
      const first = store().create(stages, stage("test"));
      store().delete(stages, "demo", "test");
      expect(store().create(stages, stage("test")).metadata.uid).not.toBe(first.metadata.uid);
    });
  });

  describe("an object with finalizers", () => {
    it("gets deletionTimestamp and grace period 0, stays, and is returned", () => {
      store().create(stages, stage("test", { metadata: { finalizers: ["kargo.akuity.io/finalizer"] } }));
      const marked = store().delete(stages, "demo", "test");
      expect(marked.metadata.deletionTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(marked.metadata.deletionGracePeriodSeconds).toBe(0);
      expect(store().get(stages, "demo", "test")).toEqual(marked);
    });

    it("increments generation when deletion begins, as Kubernetes does", () => {
      store().create(stages, stage("test", { metadata: { finalizers: ["f"] } }));
      expect(store().delete(stages, "demo", "test").metadata.generation).toBe(2);
    });

    it("sends MODIFIED to watchers", () => {
      store().create(stages, stage("test", { metadata: { finalizers: ["f"] } }));
      const log = eventLog();
      store().watch(stages, { resourceVersion: "1" }, log.push);
      store().delete(stages, "demo", "test");
      expect(log.lines).toEqual(["MODIFIED test"]);
    });

    it("changes nothing when deleted again", () => {
      store().create(stages, stage("test", { metadata: { finalizers: ["f"] } }));
      const marked = store().delete(stages, "demo", "test");
      expect(store().delete(stages, "demo", "test")).toEqual(marked);
      expect(store().currentResourceVersion()).toBe(marked.metadata.resourceVersion);
    });
  });

  describe("preconditions", () => {
    it("throws Conflict on a uid mismatch and keeps the object", () => {
      store().create(stages, stage("test"));
      expectStoreError(() => store().delete(stages, "demo", "test", { preconditions: { uid: "other" } }), "Conflict");
      expect(store().get(stages, "demo", "test")).toBeDefined();
    });

    it("throws Conflict on a resourceVersion mismatch", () => {
      store().create(stages, stage("test"));
      store().update(stages, stage("test", { spec: { shard: "b" } }));
      expectStoreError(() => store().delete(stages, "demo", "test", { preconditions: { resourceVersion: "1" } }), "Conflict");
    });

    it("deletes when both match", () => {
      const created = store().create(stages, stage("test"));
      store().delete(stages, "demo", "test", {
        preconditions: { uid: created.metadata.uid!, resourceVersion: created.metadata.resourceVersion! },
      });
      expect(store().get(stages, "demo", "test")).toBeUndefined();
    });
  });

  describe("with dryRun", () => {
    it("keeps the object", () => {
      store().create(stages, stage("test"));
      store().delete(stages, "demo", "test", { dryRun: true });
      expect(store().get(stages, "demo", "test")).toBeDefined();
      expect(store().currentResourceVersion()).toBe("1");
    });
  });
});
