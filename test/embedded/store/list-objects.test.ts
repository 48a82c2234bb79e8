import { openStore } from "../../../src/embedded/store/open-store.js";
import { configMap, configMaps, expectStoreError, stage, stages, useMemoryStore } from "./store-fixtures.js";

describe("ObjectStore.list", () => {
  const store = useMemoryStore();

  beforeEach(() => {
    // Created out of order: lists come back in (namespace, name) order regardless.
    for (const [ns, name] of [
      ["b", "s2"],
      ["a", "s3"],
      ["b", "s1"],
      ["a", "s1"],
      ["c", "s1"],
    ] as const) {
      store().create(stages, stage(name, { metadata: { namespace: ns, labels: { ns } } }));
    }
    store().create(configMaps, configMap("not-a-stage", {}, { namespace: "a" }));
  });

  const names = (items: { metadata: { namespace?: string; name?: string } }[]) => items.map((item) => `${item.metadata.namespace}/${item.metadata.name}`);

  it("returns every object of the type in namespace, then name, order", () => {
    expect(names(store().list(stages).items)).toEqual(["a/s1", "a/s3", "b/s1", "b/s2", "c/s1"]);
  });

  it("returns the store's current resourceVersion", () => {
    expect(store().list(stages).resourceVersion).toBe(store().currentResourceVersion());
  });

  it("restricts to one namespace", () => {
    expect(names(store().list(stages, { namespace: "b" }).items)).toEqual(["b/s1", "b/s2"]);
  });

  it("applies the filter", () => {
    const result = store().list(stages, { filter: (o) => o.metadata.name === "s1" });
    expect(names(result.items)).toEqual(["a/s1", "b/s1", "c/s1"]);
  });

  it("returns an empty list for a type with no objects", () => {
    expect(store().list({ group: "x", resource: "nothings", namespaced: true, hasStatus: false }).items).toEqual([]);
  });

  describe("with limit and continue", () => {
    it("pages through everything with remainingItemCount and one resourceVersion", () => {
      const first = store().list(stages, { limit: 2 });
      expect(names(first.items)).toEqual(["a/s1", "a/s3"]);
      expect(first.remainingItemCount).toBe(3);
      const second = store().list(stages, { limit: 2, continue: first.continue! });
      expect(names(second.items)).toEqual(["b/s1", "b/s2"]);
      expect(second.remainingItemCount).toBe(1);
      const third = store().list(stages, { limit: 2, continue: second.continue! });
      expect(names(third.items)).toEqual(["c/s1"]);
      expect(third.continue).toBeUndefined();
      expect(third.remainingItemCount).toBeUndefined();
      expect(new Set([first.resourceVersion, second.resourceVersion, third.resourceVersion]).size).toBe(1);
    });

    it("sets no continue when the page holds exactly the rest", () => {
      expect(store().list(stages, { limit: 5 }).continue).toBeUndefined();
    });

    it("fills pages with matching objects only and omits remainingItemCount with a filter", () => {
      const filter = (o: { metadata: { name?: string } }) => o.metadata.name === "s1";
      const first = store().list(stages, { limit: 2, filter });
      expect(names(first.items)).toEqual(["a/s1", "b/s1"]);
      expect(first.remainingItemCount).toBeUndefined();
      const second = store().list(stages, { limit: 2, filter, continue: first.continue! });
      expect(names(second.items)).toEqual(["c/s1"]);
      expect(second.continue).toBeUndefined();
    });

    it("pages within one namespace", () => {
      const first = store().list(stages, { namespace: "a", limit: 1 });
      const second = store().list(stages, { namespace: "a", limit: 1, continue: first.continue! });
      expect(names([...first.items, ...second.items])).toEqual(["a/s1", "a/s3"]);
      expect(second.continue).toBeUndefined();
    });

    it("continues after the last key with current data when objects change between pages", () => {
      const first = store().list(stages, { limit: 2 });
      store().delete(stages, "b", "s1");
      store().create(stages, stage("s0", { metadata: { namespace: "a" } }));
      store().create(stages, stage("s9", { metadata: { namespace: "b" } }));
      const rest = store().list(stages, { continue: first.continue! });
      expect(names(rest.items)).toEqual(["b/s2", "b/s9", "c/s1"]);
      expect(rest.resourceVersion).toBe(first.resourceVersion);
    });

    describe("remainingItemCount carried in the token", () => {
      it("stays exact on every page of a long list", () => {
        for (let i = 0; i < 20; i += 1) store().create(stages, stage(`t${String(i).padStart(2, "0")}`, { metadata: { namespace: "d" } }));
        let page = store().list(stages, { limit: 3 });
        let seen = page.items.length;
        while (page.continue) {
          expect(page.remainingItemCount).toBe(25 - seen);
          page = store().list(stages, { limit: 3, continue: page.continue });
          seen += page.items.length;
        }
        expect(seen).toBe(25);
      });

      it("is recounted when the type changed between pages", () => {
        const first = store().list(stages, { limit: 2 });
        store().delete(stages, "b", "s1");
        store().create(stages, stage("s9", { metadata: { namespace: "b" } }));
        store().create(stages, stage("s8", { metadata: { namespace: "c" } }));
        const second = store().list(stages, { limit: 1, continue: first.continue! });
        expect(names(second.items)).toEqual(["b/s2"]);
        expect(second.remainingItemCount).toBe(3); // b/s9, c/s1, c/s8
      });

      it("is kept when only another type changed between pages", () => {
        const first = store().list(stages, { limit: 2 });
        store().create(configMaps, configMap("other", {}, { namespace: "b" }));
        const second = store().list(stages, { limit: 2, continue: first.continue! });
        expect(second.remainingItemCount).toBe(1);
      });

      it("is recounted within the namespace when a cluster-wide token is used for one namespace", () => {
        for (const name of ["s3", "s4"]) store().create(stages, stage(name, { metadata: { namespace: "b" } }));
        const first = store().list(stages, { limit: 3 }); // a/s1, a/s3, b/s1
        expect(first.remainingItemCount).toBe(4);
        const second = store().list(stages, { namespace: "b", limit: 1, continue: first.continue! });
        expect(names(second.items)).toEqual(["b/s2"]);
        expect(second.remainingItemCount).toBe(2); // b/s3, b/s4
      });

      // A one-item list repeated (the controllers' probe before each pass) is counted once while
      // the type is unchanged (count-remaining.ts); every answer must still be exact.
      it("stays exact on a repeated first page across changes of the type", () => {
        const probe = () => store().list(stages, { limit: 1 }).remainingItemCount;
        expect(probe()).toBe(4);
        store().create(configMaps, configMap("other", {}, { namespace: "b" }));
        expect(probe()).toBe(4);
        store().create(stages, stage("s9", { metadata: { namespace: "b" } }));
        expect(probe()).toBe(5);
        store().delete(stages, "c", "s1");
        expect(probe()).toBe(4);
        const first = store().list(stages, { limit: 1 });
        store().update(stages, { ...first.items[0]!, spec: { changed: true } });
        expect(probe()).toBe(4);
        store().delete(stages, "a", "s3");
        expect(probe()).toBe(3);
      });

      it("is recounted on a repeated first page after the history was compacted past the count", () => {
        const small = openStore({ path: ":memory:", historyLimit: 2 });
        try {
          for (const name of ["s1", "s2", "s3", "s4"]) small.create(stages, stage(name, { metadata: { namespace: "a" } }));
          expect(small.list(stages, { limit: 1 }).remainingItemCount).toBe(3);
          for (let i = 0; i < 3; i += 1) small.create(configMaps, configMap(`c${i}`, {}, { namespace: "a" }));
          small.delete(stages, "a", "s4");
          for (let i = 3; i < 6; i += 1) small.create(configMaps, configMap(`c${i}`, {}, { namespace: "a" }));
          expect(small.list(stages, { limit: 1 }).remainingItemCount).toBe(2);
        } finally {
          small.close();
        }
      });

      it("is recounted after the history was compacted past the token's version", () => {
        const small = openStore({ path: ":memory:", historyLimit: 2 });
        try {
          for (const name of ["s1", "s2", "s3", "s4"]) small.create(stages, stage(name, { metadata: { namespace: "a" } }));
          const first = small.list(stages, { limit: 1 });
          for (let i = 0; i < 6; i += 1) small.create(configMaps, configMap(`c${i}`, {}, { namespace: "a" }));
          small.delete(stages, "a", "s4");
          for (let i = 6; i < 12; i += 1) small.create(configMaps, configMap(`c${i}`, {}, { namespace: "a" }));
          const second = small.list(stages, { limit: 1, continue: first.continue! });
          expect(names(second.items)).toEqual(["a/s2"]);
          expect(second.remainingItemCount).toBe(1);
        } finally {
          small.close();
        }
      });
    });

    it("rejects a token that is not one as BadRequest", () => {
      expectStoreError(() => store().list(stages, { continue: "garbage" }), "BadRequest");
    });

    it("rejects a token from another type's list as BadRequest", () => {
      store().create(configMaps, configMap("second", {}, { namespace: "a" }));
      const token = store().list(configMaps, { limit: 1 }).continue!;
      expectStoreError(() => store().list(stages, { continue: token }), "BadRequest");
    });
  });

  describe("listJson", () => {
    it("returns the same page as list, as the stored JSON text", () => {
      const parsed = store().list(stages, { limit: 3 });
      const raw = store().listJson(stages, { limit: 3 });
      expect(raw.items.map((item) => JSON.parse(item))).toEqual(parsed.items);
      expect(raw.resourceVersion).toBe(parsed.resourceVersion);
      expect(raw.remainingItemCount).toBe(parsed.remainingItemCount);
      const rest = store().listJson(stages, { continue: raw.continue! });
      expect(rest.items.map((item) => JSON.parse(item).metadata.name)).toEqual(["b/s2", "c/s1"].map((k) => k.split("/")[1]));
    });

    it("applies the filter", () => {
      const raw = store().listJson(stages, { filter: (o) => o.metadata.namespace === "b" });
      expect(raw.items).toHaveLength(2);
    });
  });
});
