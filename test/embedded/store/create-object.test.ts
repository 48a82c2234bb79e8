import { isStoreError } from "../../../src/embedded/store/store-error.js";
import { configMaps, expectStoreError, namespace, namespaces, stage, stages, useMemoryStore } from "./store-fixtures.js";

describe("ObjectStore.create", () => {
  const store = useMemoryStore();

  describe("with a new name", () => {
    it("assigns uid, resourceVersion, creationTimestamp and generation 1", () => {
      const before = Math.floor(Date.now() / 1000) * 1000; // the timestamp has whole seconds
      const created = store().create(stages, stage("test"));
      const after = Date.now();
      expect(created.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(created.metadata.resourceVersion).toBe("1");
      expect(created.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(Date.parse(created.metadata.creationTimestamp!)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(created.metadata.creationTimestamp!)).toBeLessThanOrEqual(after);
      expect(created.metadata.generation).toBe(1);
    });

    it("assigns unique uids in creation order (time-ordered, so a group commit touches few uid index pages)", () => {
      const uids = Array.from({ length: 200 }, (_, i) => store().create(stages, stage(`ordered-${i}`)).metadata.uid!);
      expect(new Set(uids).size).toBe(200);
      expect([...uids].sort()).toEqual(uids);
    });

    it("stores the object so get returns it", () => {
      const created = store().create(stages, stage("test"));
      expect(store().get(stages, "demo", "test")).toEqual(created);
    });

    it("gives each object a different uid and an increasing resourceVersion", () => {
      const a = store().create(stages, stage("a"));
      const b = store().create(configMaps, { apiVersion: "v1", kind: "ConfigMap", metadata: { namespace: "demo", name: "a" } });
      expect(a.metadata.uid).not.toBe(b.metadata.uid);
      expect(Number(b.metadata.resourceVersion)).toBe(Number(a.metadata.resourceVersion) + 1);
      expect(store().currentResourceVersion()).toBe(b.metadata.resourceVersion);
    });

    it("ignores client-set server fields (deletionTimestamp)", () => {
      const created = store().create(stages, stage("test", { metadata: { deletionTimestamp: "2020-01-01T00:00:00Z" } }));
      expect(created.metadata.deletionTimestamp).toBeUndefined();
    });

    it("drops status when the type has a status subresource (Kubernetes: create cannot set status)", () => {
      const created = store().create(stages, stage("test", { status: { phase: "Healthy" } }));
      expect(created.status).toBeUndefined();
    });

    it("keeps status when the type has no status subresource", () => {
      const created = store().create(configMaps, {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { namespace: "demo", name: "c" },
        status: { x: 1 },
      });
      expect(created.status).toEqual({ x: 1 });
    });

    it("gives a new Namespace phase Active", () => {
      expect(store().create(namespaces, namespace("demo")).status).toEqual({ phase: "Active" });
    });

    it("clears the namespace of a cluster-scoped object", () => {
      const created = store().create(namespaces, { ...namespace("x"), metadata: { name: "x", namespace: "y" } });
      expect(created.metadata.namespace).toBeUndefined();
      expect(store().get(namespaces, undefined, "x")).toBeDefined();
    });

    it("does not change the caller's object", () => {
      const input = stage("test");
      store().create(stages, input);
      expect(input.metadata).toEqual({ namespace: "demo", name: "test" });
    });
  });

  describe("with generateName and no name", () => {
    it("appends a random 5-character suffix to the prefix", () => {
      const created = store().create(stages, stage("", { metadata: { name: "", generateName: "test-" } }));
      expect(created.metadata.name).toMatch(/^test-[a-z0-9]{5}$/);
      expect(store().get(stages, "demo", created.metadata.name!)).toBeDefined();
    });

    it("generates a different name each time", () => {
      const names = new Set<string>();
      for (let i = 0; i < 20; i++) {
        names.add(store().create(stages, stage("", { metadata: { name: "", generateName: "p-" } })).metadata.name!);
      }
      expect(names.size).toBe(20);
    });
  });

  describe("when the name is taken", () => {
    it("throws AlreadyExists naming the object", () => {
      store().create(stages, stage("test"));
      const error = expectStoreError(() => store().create(stages, stage("test")), "AlreadyExists");
      expect(error.message).toBe('stages.kargo.akuity.io "test" in namespace "demo" already exists');
      expect(error.details).toMatchObject({ group: "kargo.akuity.io", resource: "stages", name: "test", namespace: "demo" });
      expect(isStoreError(error)).toBe(true);
    });

    it("does not consume a resourceVersion", () => {
      store().create(stages, stage("test"));
      expectStoreError(() => store().create(stages, stage("test")), "AlreadyExists");
      expect(store().currentResourceVersion()).toBe("1");
    });

    it("allows the same name in another namespace", () => {
      store().create(stages, stage("test"));
      expect(() => store().create(stages, stage("test", { metadata: { namespace: "other" } }))).not.toThrow();
    });
  });

  describe("with invalid input", () => {
    it("rejects an object without name or generateName as Invalid", () => {
      expectStoreError(() => store().create(stages, stage("")), "Invalid");
    });

    it("rejects a namespaced object without namespace as BadRequest", () => {
      expectStoreError(() => store().create(stages, stage("x", { metadata: { namespace: "" } })), "BadRequest");
    });

    it("rejects a set resourceVersion as BadRequest", () => {
      expectStoreError(() => store().create(stages, stage("x", { metadata: { resourceVersion: "5" } })), "BadRequest");
    });
  });

  describe("with dryRun", () => {
    it("returns the object it would create without storing it or using a version", () => {
      const created = store().create(stages, stage("test"), { dryRun: true });
      expect(created.metadata.uid).toBeDefined();
      expect(store().get(stages, "demo", "test")).toBeUndefined();
      expect(store().currentResourceVersion()).toBe("0");
    });
  });
});
