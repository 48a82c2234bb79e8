import Database from "better-sqlite3";
import { join } from "node:path";
import { openStore } from "../../../src/embedded/store/open-store.js";
import { configMap, configMaps, eventLog, namespace, namespaces, stage, stages, useTempDir } from "./store-fixtures.js";

describe("openStore", () => {
  const dir = useTempDir();
  const file = () => join(dir(), "store.db");

  describe("on a new file", () => {
    it("creates the file in WAL journal mode", () => {
      const store = openStore({ path: file() });
      store.close();
      const db = new Database(file());
      try {
        expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      } finally {
        db.close();
      }
    });

    it("starts at resourceVersion 0", () => {
      const store = openStore({ path: file() });
      expect(store.currentResourceVersion()).toBe("0");
      store.close();
    });
  });

  describe("after close and reopen", () => {
    it("restores objects, the counter and the watch history", () => {
      let store = openStore({ path: file() });
      const a = store.create(stages, stage("a"));
      const from = store.currentResourceVersion();
      store.create(stages, stage("b"));
      store.update(stages, stage("a", { spec: { shard: "z" } }));
      const version = store.currentResourceVersion();
      store.close();

      store = openStore({ path: file() });
      try {
        expect(store.get(stages, "demo", "a")).toMatchObject({ metadata: { uid: a.metadata.uid }, spec: { shard: "z" } });
        expect(store.list(stages).items.map((s) => s.metadata.name)).toEqual(["a", "b"]);
        expect(store.currentResourceVersion()).toBe(version);
        const log = eventLog();
        store.watch(stages, { resourceVersion: from }, log.push);
        expect(log.lines).toEqual(["ADDED b", "MODIFIED a"]);
        expect(store.create(stages, stage("c")).metadata.resourceVersion).toBe(String(Number(version) + 1));
        expect(log.lines).toEqual(["ADDED b", "MODIFIED a", "ADDED c"]);
      } finally {
        store.close();
      }
    });

    it("keeps the counter after everything was deleted", () => {
      let store = openStore({ path: file() });
      store.create(stages, stage("a"));
      store.delete(stages, "demo", "a");
      store.close();
      store = openStore({ path: file() });
      expect(store.currentResourceVersion()).toBe("2");
      store.close();
    });

    it("keeps the history compaction mark, so an old version is still Expired", () => {
      let store = openStore({ path: file(), historyLimit: 5 });
      store.create(stages, stage("a"));
      for (let i = 0; i < 20; i++) {
        store.update(stages, stage("a", { spec: { i } }));
      }
      store.close();
      store = openStore({ path: file(), historyLimit: 5 });
      try {
        expect(() => store.watch(stages, { resourceVersion: "1" }, () => {})).toThrow(expect.objectContaining({ reason: "Expired" }));
      } finally {
        store.close();
      }
    });

    it("resumes garbage collection that a close interrupted", async () => {
      let store = openStore({ path: file() });
      const owner = store.create(stages, stage("owner"));
      store.create(
        configMaps,
        configMap(
          "dependent",
          {},
          {
            ownerReferences: [{ apiVersion: "v1", kind: "Stage", name: "owner", uid: owner.metadata.uid! }],
          },
        ),
      );
      store.delete(stages, "demo", "owner");
      store.close(); // before the background turn ran
      store = openStore({ path: file() });
      try {
        expect(store.get(configMaps, "demo", "dependent")).toBeDefined();
        await store.settled();
        expect(store.get(configMaps, "demo", "dependent")).toBeUndefined();
      } finally {
        store.close();
      }
    });

    it("resumes deleting a namespace left Terminating", async () => {
      let store = openStore({ path: file() });
      store.create(namespaces, namespace("demo"));
      store.create(configMaps, configMap("inside"));
      store.delete(namespaces, undefined, "demo");
      store.close();
      store = openStore({ path: file() });
      try {
        await store.settled();
        expect(store.get(configMaps, "demo", "inside")).toBeUndefined();
        expect(store.get(namespaces, undefined, "demo")).toBeUndefined();
      } finally {
        store.close();
      }
    });
  });

  describe("on a file another store has open", () => {
    it("refuses to open it, so two processes never share the counter", () => {
      const first = openStore({ path: file() });
      try {
        expect(() => openStore({ path: file() })).toThrow(/in use by another process/);
        expect(first.create(stages, stage("still-works")).metadata.resourceVersion).toBe("1");
      } finally {
        first.close();
      }
      const again = openStore({ path: file() });
      expect(again.get(stages, "demo", "still-works")).toBeDefined();
      again.close();
    });
  });

  describe("on a file from a newer build", () => {
    it("refuses to open it", () => {
      const db = new Database(file());
      db.pragma("user_version = 999");
      db.close();
      expect(() => openStore({ path: file() })).toThrow(/newer than this build/);
    });
  });

  describe("options", () => {
    it("rejects a historyLimit below 1", () => {
      expect(() => openStore({ path: ":memory:", historyLimit: 0 })).toThrow(/historyLimit/);
    });
  });
});
