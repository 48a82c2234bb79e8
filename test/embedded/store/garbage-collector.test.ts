import Database from "better-sqlite3";
import { join } from "node:path";
import { openStore } from "../../../src/embedded/store/open-store.js";
import type { KubeObject, OwnerReference } from "../../../src/embedded/store/types.js";
import { configMap, configMaps, eventLog, namespace, namespaces, recordingLogger, stage, stages, useMemoryStore, useTempDir } from "./store-fixtures.js";

function ownedBy(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name!, uid: owner.metadata.uid! };
}

describe("garbage collection", () => {
  const store = useMemoryStore();

  describe("when an owner is deleted (Background)", () => {
    it("deletes its dependents after the delete call returns", async () => {
      const owner = store().create(stages, stage("owner"));
      store().create(configMaps, configMap("dependent", {}, { ownerReferences: [ownedBy(owner)] }));
      store().delete(stages, "demo", "owner");
      expect(store().get(configMaps, "demo", "dependent")).toBeDefined();
      await store().settled();
      expect(store().get(configMaps, "demo", "dependent")).toBeUndefined();
    });

    it("deletes dependents of dependents", async () => {
      const owner = store().create(stages, stage("owner"));
      const child = store().create(stages, stage("child", { metadata: { ownerReferences: [ownedBy(owner)] } }));
      store().create(configMaps, configMap("grandchild", {}, { ownerReferences: [ownedBy(child)] }));
      store().delete(stages, "demo", "owner");
      await store().settled();
      expect(
        store()
          .list(stages)
          .items.map((s) => s.metadata.name),
      ).toEqual([]);
      expect(store().get(configMaps, "demo", "grandchild")).toBeUndefined();
    });

    it("marks a dependent with finalizers instead of removing it", async () => {
      const owner = store().create(stages, stage("owner"));
      store().create(configMaps, configMap("dependent", {}, { ownerReferences: [ownedBy(owner)], finalizers: ["f"] }));
      store().delete(stages, "demo", "owner");
      await store().settled();
      expect(store().get(configMaps, "demo", "dependent")!.metadata.deletionTimestamp).toBeDefined();
    });

    it("keeps a dependent that has another live owner, dropping the reference to the gone one", async () => {
      const owner = store().create(stages, stage("owner"));
      const other = store().create(stages, stage("other"));
      store().create(configMaps, configMap("dependent", {}, { ownerReferences: [ownedBy(owner), ownedBy(other)] }));
      store().delete(stages, "demo", "owner");
      await store().settled();
      expect(store().get(configMaps, "demo", "dependent")!.metadata.ownerReferences).toEqual([ownedBy(other)]);
    });

    it("leaves unrelated objects alone", async () => {
      const owner = store().create(stages, stage("owner"));
      store().create(configMaps, configMap("unrelated"));
      store().create(configMaps, configMap("dependent", {}, { ownerReferences: [ownedBy(owner)] }));
      store().delete(stages, "demo", "owner");
      await store().settled();
      expect(
        store()
          .list(configMaps)
          .items.map((c) => c.metadata.name),
      ).toEqual(["unrelated"]);
    });

    it("waits for an owner with finalizers to be really deleted", async () => {
      const owner = store().create(stages, stage("owner", { metadata: { finalizers: ["f"] } }));
      store().create(configMaps, configMap("dependent", {}, { ownerReferences: [ownedBy(owner)] }));
      const marked = store().delete(stages, "demo", "owner");
      await store().settled();
      expect(store().get(configMaps, "demo", "dependent")).toBeDefined();
      store().update(stages, { ...marked, metadata: { ...marked.metadata, finalizers: [] } });
      await store().settled();
      expect(store().get(configMaps, "demo", "dependent")).toBeUndefined();
    });
  });

  describe("when an owner is deleted with propagationPolicy Orphan", () => {
    it("keeps dependents and removes their reference to the owner", async () => {
      const owner = store().create(stages, stage("owner"));
      const other = store().create(stages, stage("other"));
      store().create(configMaps, configMap("only", {}, { ownerReferences: [ownedBy(owner)] }));
      store().create(configMaps, configMap("shared", {}, { ownerReferences: [ownedBy(owner), ownedBy(other)] }));
      store().delete(stages, "demo", "owner", { propagationPolicy: "Orphan" });
      await store().settled();
      expect(store().get(configMaps, "demo", "only")!.metadata.ownerReferences).toBeUndefined();
      expect(store().get(configMaps, "demo", "shared")!.metadata.ownerReferences).toEqual([ownedBy(other)]);
    });

    it("orphans at once when the owner has finalizers, so removing them later deletes nothing", async () => {
      const owner = store().create(stages, stage("owner", { metadata: { finalizers: ["f"] } }));
      store().create(configMaps, configMap("dependent", {}, { ownerReferences: [ownedBy(owner)] }));
      const marked = store().delete(stages, "demo", "owner", { propagationPolicy: "Orphan" });
      await store().settled();
      store().update(stages, { ...marked, metadata: { ...marked.metadata, finalizers: [] } });
      await store().settled();
      expect(store().get(configMaps, "demo", "dependent")).toBeDefined();
    });
  });

  describe("when a Namespace is deleted", () => {
    beforeEach(() => {
      store().create(namespaces, namespace("demo"));
      store().create(namespaces, namespace("other"));
      store().create(stages, stage("a"));
      store().create(configMaps, configMap("b"));
      store().create(stages, stage("c", { metadata: { namespace: "other" } }));
    });

    it("marks it Terminating and returns it", () => {
      const marked = store().delete(namespaces, undefined, "demo");
      expect(marked.metadata.deletionTimestamp).toBeDefined();
      expect(marked.status).toEqual({ phase: "Terminating" });
      expect(store().get(namespaces, undefined, "demo")!.status).toEqual({ phase: "Terminating" });
    });

    it("deletes every object in it, then the namespace, and nothing elsewhere", async () => {
      const log = eventLog();
      store().watch(namespaces, { resourceVersion: store().currentResourceVersion() }, log.push);
      store().delete(namespaces, undefined, "demo");
      await store().settled();
      expect(store().list(stages, { namespace: "demo" }).items).toEqual([]);
      expect(store().list(configMaps, { namespace: "demo" }).items).toEqual([]);
      expect(store().get(namespaces, undefined, "demo")).toBeUndefined();
      expect(store().get(stages, "other", "c")).toBeDefined();
      expect(store().get(namespaces, undefined, "other")).toBeDefined();
      expect(log.lines).toEqual(["MODIFIED demo", "DELETED demo"]);
    });

    it("stays Terminating until objects with finalizers in it are gone", async () => {
      store().create(stages, stage("held", { metadata: { finalizers: ["f"] } }));
      store().delete(namespaces, undefined, "demo");
      await store().settled();
      const held = store().get(stages, "demo", "held")!;
      expect(held.metadata.deletionTimestamp).toBeDefined();
      expect(store().get(namespaces, undefined, "demo")).toBeDefined();
      store().update(stages, { ...held, metadata: { ...held.metadata, finalizers: [] } });
      await store().settled();
      expect(store().get(namespaces, undefined, "demo")).toBeUndefined();
    });

    it("waits for both its contents and its own finalizers", async () => {
      const withFinalizer = store().get(namespaces, undefined, "demo")!;
      store().update(namespaces, { ...withFinalizer, metadata: { ...withFinalizer.metadata, finalizers: ["example.com/cleanup"] } });
      store().create(stages, stage("held", { metadata: { finalizers: ["f"] } }));
      store().delete(namespaces, undefined, "demo");
      await store().settled();
      const terminating = store().get(namespaces, undefined, "demo")!;
      store().update(namespaces, { ...terminating, metadata: { ...terminating.metadata, finalizers: [] } });
      await store().settled();
      expect(store().get(namespaces, undefined, "demo")).toBeDefined();
      const held = store().get(stages, "demo", "held")!;
      store().update(stages, { ...held, metadata: { ...held.metadata, finalizers: [] } });
      await store().settled();
      expect(store().get(namespaces, undefined, "demo")).toBeUndefined();
    });

    it("handles a namespace with many objects in several turns", async () => {
      for (let i = 0; i < 300; i++) {
        store().create(configMaps, configMap(`many-${i}`));
      }
      store().delete(namespaces, undefined, "demo");
      await store().settled();
      expect(store().list(configMaps, { namespace: "demo" }).items).toEqual([]);
      expect(store().get(namespaces, undefined, "demo")).toBeUndefined();
    });
  });

  describe("when an object's type is unknown to the store", () => {
    const dir = useTempDir();

    it("skips it with a warning and leaves the namespace Terminating, without spinning", async () => {
      const path = join(dir(), "store.db");
      let store = openStore({ path });
      store.create(namespaces, namespace("demo"));
      store.create(configMaps, configMap("known"));
      store.create(stages, stage("unknown"));
      store.close();
      // Only a file written by another build can lack a type: simulate one.
      const db = new Database(path);
      db.prepare("DELETE FROM types WHERE resource = 'stages'").run();
      db.close();

      const logger = recordingLogger();
      store = openStore({ path, logger });
      try {
        store.delete(namespaces, undefined, "demo");
        await store.settled();
        expect(store.get(configMaps, "demo", "known")).toBeUndefined();
        expect(store.get(stages, "demo", "unknown")).toBeDefined();
        expect(store.get(namespaces, undefined, "demo")!.status).toEqual({ phase: "Terminating" });
        expect(logger.errors).toContain("garbage collector skips an object of an unknown type");
      } finally {
        store.close();
      }
    });
  });
});
