import type { WatchEvent } from "../../../src/embedded/store/types.js";
import { eventLog, expectStoreError, recordingLogger, stage, stages, useMemoryStore } from "./store-fixtures.js";
import { openStore } from "../../../src/embedded/store/open-store.js";

describe("ObjectStore.watch", () => {
  const store = useMemoryStore({ historyLimit: 20 });

  describe("without resourceVersion", () => {
    it("sends ADDED for every current object before returning, then live changes", () => {
      store().create(stages, stage("a"));
      store().create(stages, stage("b"));
      const log = eventLog();
      store().watch(stages, {}, log.push);
      expect(log.lines).toEqual(["ADDED a", "ADDED b"]);
      store().update(stages, stage("a", { spec: { shard: "x" } }));
      store().create(stages, stage("c"));
      store().delete(stages, "demo", "b");
      expect(log.lines).toEqual(["ADDED a", "ADDED b", "MODIFIED a", "ADDED c", "DELETED b"]);
    });

    it('treats resourceVersion "0" the same way', () => {
      store().create(stages, stage("a"));
      const log = eventLog();
      store().watch(stages, { resourceVersion: "0" }, log.push);
      expect(log.lines).toEqual(["ADDED a"]);
    });

    it("delivers events in resourceVersion order with the committed objects", () => {
      const log = eventLog();
      store().watch(stages, {}, log.push);
      for (let i = 0; i < 5; i++) {
        store().create(stages, stage(`s${i}`));
      }
      const versions = log.events.map((e) => Number(e.object.metadata.resourceVersion));
      expect(versions).toEqual([1, 2, 3, 4, 5]);
    });
  });

  describe("from a resourceVersion", () => {
    it("replays exactly the changes after it, then continues live", () => {
      store().create(stages, stage("a"));
      const after = store().currentResourceVersion();
      store().create(stages, stage("b"));
      store().update(stages, stage("a", { spec: { shard: "x" } }));
      const log = eventLog();
      store().watch(stages, { resourceVersion: after }, log.push);
      expect(log.lines).toEqual(["ADDED b", "MODIFIED a"]);
      store().delete(stages, "demo", "a");
      expect(log.lines).toEqual(["ADDED b", "MODIFIED a", "DELETED a"]);
    });

    it("sends nothing for the current version until something changes", () => {
      store().create(stages, stage("a"));
      const log = eventLog();
      store().watch(stages, { resourceVersion: store().currentResourceVersion() }, log.push);
      expect(log.lines).toEqual([]);
    });

    it("only sees its own type", () => {
      const log = eventLog();
      store().watch(stages, { resourceVersion: "0" }, log.push);
      store().create(
        { group: "", resource: "configmaps", namespaced: true, hasStatus: false },
        {
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { namespace: "demo", name: "c" },
        },
      );
      expect(log.lines).toEqual([]);
    });

    it("throws Expired for a version older than the retained history", () => {
      store().create(stages, stage("first"));
      for (let i = 0; i < 40; i++) {
        store().update(stages, stage("first", { spec: { i } }));
      }
      const error = expectStoreError(() => store().watch(stages, { resourceVersion: "1" }, () => {}), "Expired");
      expect(error.message).toContain("too old resource version");
    });

    it("keeps at least historyLimit changes", () => {
      store().create(stages, stage("first"));
      for (let i = 0; i < 40; i++) {
        store().update(stages, stage("first", { spec: { i } }));
      }
      const from = String(Number(store().currentResourceVersion()) - 20);
      const log = eventLog();
      store().watch(stages, { resourceVersion: from }, log.push);
      expect(log.events).toHaveLength(20);
    });

    it("throws Expired for a version the store never issued", () => {
      expectStoreError(() => store().watch(stages, { resourceVersion: "999" }, () => {}), "Expired");
    });

    it.each(["9999999999999999", "99999999999999999999", "18446744073709551616"])(
      "throws Expired for %s, a version past any the store can issue",
      (version) => {
        const error = expectStoreError(() => store().watch(stages, { resourceVersion: version }, () => {}), "Expired");
        expect(error.message).toContain("is newer than the store's");
      },
    );

    it("throws BadRequest for a version that is not a number", () => {
      expectStoreError(() => store().watch(stages, { resourceVersion: "abc" }, () => {}), "BadRequest");
    });
  });

  describe("with a namespace", () => {
    it("sees only that namespace", () => {
      const log = eventLog();
      store().watch(stages, { namespace: "demo" }, log.push);
      store().create(stages, stage("in"));
      store().create(stages, stage("out", { metadata: { namespace: "other" } }));
      expect(log.lines).toEqual(["ADDED in"]);
    });
  });

  describe("with a filter", () => {
    const selected = (event: WatchEvent["object"]) => event.metadata.labels?.["tier"] === "web";

    it("sends DELETED, with the new resourceVersion, when an object stops matching", () => {
      store().create(stages, stage("a", { metadata: { labels: { tier: "web" } } }));
      const log = eventLog();
      store().watch(stages, { filter: selected }, log.push);
      const updated = store().update(stages, stage("a", { metadata: { labels: { tier: "db" } } }));
      expect(log.lines).toEqual(["ADDED a", "DELETED a"]);
      expect(log.events[1]!.object.metadata.resourceVersion).toBe(updated.metadata.resourceVersion);
      expect(log.events[1]!.object.metadata.labels).toEqual({ tier: "web" });
    });

    it("sends ADDED when an object starts matching", () => {
      store().create(stages, stage("a", { metadata: { labels: { tier: "db" } } }));
      const log = eventLog();
      store().watch(stages, { filter: selected }, log.push);
      store().update(stages, stage("a", { metadata: { labels: { tier: "web" } } }));
      store().update(stages, stage("a", { metadata: { labels: { tier: "web", x: "y" } } }));
      expect(log.lines).toEqual(["ADDED a", "MODIFIED a"]);
    });

    it("sends DELETED when the update removing the last finalizer also changes the labels", () => {
      store().create(stages, stage("a", { metadata: { labels: { tier: "web" }, finalizers: ["f"] } }));
      const log = eventLog();
      store().watch(stages, { filter: selected }, log.push);
      store().delete(stages, "demo", "a");
      store().update(stages, stage("a", { metadata: { labels: { tier: "db" }, finalizers: [] } }));
      expect(store().get(stages, "demo", "a")).toBeUndefined();
      expect(log.lines).toEqual(["ADDED a", "MODIFIED a", "DELETED a"]);
    });

    it("applies the same rules when replaying history", () => {
      store().create(stages, stage("a", { metadata: { labels: { tier: "web" } } }));
      const from = store().currentResourceVersion();
      store().update(stages, stage("a", { metadata: { labels: { tier: "db" } } }));
      store().create(stages, stage("b", { metadata: { labels: { tier: "db" } } }));
      const log = eventLog();
      store().watch(stages, { filter: selected, resourceVersion: from }, log.push);
      expect(log.lines).toEqual(["DELETED a"]);
    });
  });

  describe("listeners", () => {
    it("stop receiving after close, which is safe to call twice", () => {
      const log = eventLog();
      const watcher = store().watch(stages, {}, log.push);
      store().create(stages, stage("a"));
      watcher.close();
      watcher.close();
      store().create(stages, stage("b"));
      expect(log.lines).toEqual(["ADDED a"]);
    });

    it("a throwing listener does not break the write or other watchers, and is logged", () => {
      const logger = recordingLogger();
      const local = openStore({ path: ":memory:", logger });
      try {
        local.watch(stages, {}, () => {
          throw new Error("boom");
        });
        const log = eventLog();
        local.watch(stages, {}, log.push);
        expect(() => local.create(stages, stage("a"))).not.toThrow();
        expect(log.lines).toEqual(["ADDED a"]);
        expect(local.get(stages, "demo", "a")).toBeDefined();
        expect(logger.errors).toEqual(["watch listener failed"]);
      } finally {
        local.close();
      }
    });

    it("a listener that writes sees its own write after the current event, in order, everywhere", () => {
      const first = eventLog();
      const second = eventLog();
      store().watch(stages, {}, (event) => {
        first.push(event);
        if (event.type === "ADDED" && event.object.metadata.name === "a") {
          store().create(stages, stage("b"));
        }
      });
      store().watch(stages, {}, second.push);
      store().create(stages, stage("a"));
      expect(first.lines).toEqual(["ADDED a", "ADDED b"]);
      expect(second.lines).toEqual(["ADDED a", "ADDED b"]);
    });

    it("each listener gets its own copy of the object", () => {
      const seen: string[] = [];
      store().watch(stages, {}, (event) => {
        event.object.metadata.name = "mutated";
      });
      store().watch(stages, {}, (event) => seen.push(event.object.metadata.name!));
      store().create(stages, stage("a"));
      expect(seen).toEqual(["a"]);
    });
  });

  describe("bookmarks", () => {
    it("currentResourceVersion after watch() returns covers every delivered event", () => {
      store().create(stages, stage("a"));
      store().create(stages, stage("b"));
      const log = eventLog();
      store().watch(stages, {}, log.push);
      const bookmark = Number(store().currentResourceVersion());
      const delivered = log.events.map((e) => Number(e.object.metadata.resourceVersion));
      expect(Math.max(...delivered)).toBeLessThanOrEqual(bookmark);
      store().create(stages, stage("c"));
      expect(Number(log.events.at(-1)!.object.metadata.resourceVersion)).toBeGreaterThan(bookmark);
    });
  });
});
