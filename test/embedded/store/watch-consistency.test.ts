import type { KubeObject, ObjectFilter, WatchEvent } from "../../../src/embedded/store/types.js";
import { configMap, configMaps, namespace, namespaces, useMemoryStore } from "./store-fixtures.js";

// A small deterministic PRNG (mulberry32), so a failure replays exactly.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a client (an informer) holds after applying a watch stream: name → object. */
function view(): { apply: (event: WatchEvent) => void; state: Map<string, KubeObject> } {
  const state = new Map<string, KubeObject>();
  return {
    state,
    apply(event) {
      const key = `${event.object.metadata.namespace}/${event.object.metadata.name}`;
      if (event.type === "DELETED") {
        expect(state.has(key)).toBe(true);
        state.delete(key);
      } else {
        expect(state.has(key)).toBe(event.type === "MODIFIED");
        state.set(key, event.object);
      }
    },
  };
}

function asMap(items: KubeObject[]): Map<string, KubeObject> {
  return new Map(items.map((item) => [`${item.metadata.namespace}/${item.metadata.name}`, item]));
}

describe("watch consistency under random writes", () => {
  const store = useMemoryStore({ historyLimit: 100_000 });

  // STORE_FUZZ_SEEDS="4,5,6,…" runs more seeds when hunting a bug; the default three stay fast.
  it.each((process.env.STORE_FUZZ_SEEDS ?? "1,2,3").split(",").map(Number))("a watcher's view always equals a fresh list (seed %i)", async (seed) => {
    const next = random(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const names = Array.from({ length: 30 }, (_, i) => `c${i}`);
    const spaces = ["a", "b"];
    for (const name of spaces) {
      store().create(namespaces, namespace(name));
    }
    const selected: ObjectFilter = (object) => object.metadata.labels?.["tier"] === "web";

    const everything = view();
    const filtered = view();
    store().watch(configMaps, {}, everything.apply);
    store().watch(configMaps, { filter: selected, namespace: "a" }, filtered.apply);
    let resumed: ReturnType<typeof view> | undefined;

    for (let step = 0; step < 600; step++) {
      const ns = pick(spaces);
      const name = pick(names);
      const existing = store().get(configMaps, ns, name);
      try {
        if (ns === "b" && next() < 0.01) {
          // Now and then namespace b goes (its contents in the background) or comes back.
          if (store().get(namespaces, undefined, ns) === undefined) {
            store().create(namespaces, namespace(ns));
          } else {
            store().delete(namespaces, undefined, ns);
          }
        } else if (existing === undefined) {
          const owner = next() < 0.5 ? pick([undefined, ...store().list(configMaps, { namespace: ns }).items]) : undefined;
          store().create(
            configMaps,
            configMap(
              name,
              { step: String(step) },
              {
                namespace: ns,
                labels: { tier: pick(["web", "db"]) },
                ...(next() < 0.2 ? { finalizers: ["test/hold"] } : {}),
                ...(owner ? { ownerReferences: [{ apiVersion: "v1", kind: "ConfigMap", name: owner.metadata.name!, uid: owner.metadata.uid! }] } : {}),
              },
            ),
          );
        } else if (next() < 0.6) {
          const finalizers = existing.metadata.deletionTimestamp && next() < 0.5 ? [] : existing.metadata.finalizers;
          store().update(configMaps, {
            ...existing,
            metadata: { ...existing.metadata, labels: { tier: pick(["web", "db"]) }, ...(finalizers ? { finalizers } : {}) },
            data: { step: String(step) },
          });
        } else {
          store().delete(configMaps, ns, name, next() < 0.2 ? { propagationPolicy: "Orphan" } : {});
        }
      } catch (error) {
        // Random updates can race the collector (an object deleted in the background meanwhile).
        expect(error).toMatchObject({ name: "StoreError" });
      }
      if (step === 300) {
        // A client that lists, then watches from the list's version: no gap, no duplicate.
        const listed = store().list(configMaps);
        resumed = view();
        for (const item of listed.items) {
          resumed.state.set(`${item.metadata.namespace}/${item.metadata.name}`, item);
        }
        store().watch(configMaps, { resourceVersion: listed.resourceVersion }, resumed.apply);
      }
      if (step % 50 === 0) {
        await store().settled();
      }
    }
    await store().settled();

    const all = store().list(configMaps).items;
    expect(everything.state).toEqual(asMap(all));
    expect(resumed!.state).toEqual(asMap(all));
    expect(filtered.state).toEqual(asMap(store().list(configMaps, { namespace: "a", filter: selected }).items));
    expect(all.length).toBeGreaterThan(0);

    // The collector's invariant: nothing survives all its owners unless it is waiting on finalizers.
    const uids = new Set(all.map((item) => item.metadata.uid));
    for (const item of all) {
      const owners = item.metadata.ownerReferences ?? [];
      if (owners.length > 0 && item.metadata.deletionTimestamp === undefined) {
        expect(owners.some((owner) => uids.has(owner.uid))).toBe(true);
      }
    }

    // A late watcher replaying the whole history from version 0 rebuilds the same state.
    const replayed = view();
    store().watch(configMaps, { resourceVersion: "1" }, replayed.apply);
    expect(replayed.state).toEqual(asMap(all));
  });
});
