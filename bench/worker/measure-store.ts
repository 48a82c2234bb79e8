import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { RESOURCE_TYPES, resourceTypeOf } from "../../src/embedded/resources/resource-types.js";
import { openStore } from "../../src/embedded/store/open-store.js";
import { stageObject } from "../fixtures/kargo-objects.js";

/**
 * Durable writes/s of the embedded store (one create per transaction, fsynced: `synchronous=FULL`,
 * WAL) against its floor: the same JSON inserted by better-sqlite3 with the same pragmas, one
 * transaction per row, one fsync each — what SQLite alone costs on this disk.
 */
export function measureStoreWrites(parent: string, count: number): { store: number; floor: number } {
  const dir = mkdtempSync(join(parent, "bench-store-"));
  try {
    const stages = resourceTypeOf("kargo.akuity.io", "stages")!;
    const store = openStore({ path: join(dir, "store.sqlite") });
    let started = performance.now();
    try {
      for (let i = 0; i < count; i++) store.create(stages, stageObject("bench", i));
    } finally {
      store.close();
    }
    const storeRate = count / ((performance.now() - started) / 1000);

    const db = new Database(join(dir, "floor.sqlite"));
    try {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = FULL");
      db.exec("CREATE TABLE objects (key TEXT PRIMARY KEY, rv INTEGER, json TEXT)");
      const insert = db.prepare("INSERT INTO objects (key, rv, json) VALUES (?, ?, ?)");
      const write = db.transaction((i: number) => insert.run(`bench/stage-${i}`, i, JSON.stringify(stageObject("bench", i))));
      started = performance.now();
      for (let i = 0; i < count; i++) write(i);
    } finally {
      db.close();
    }
    const floorRate = count / ((performance.now() - started) / 1000);
    return { store: storeRate, floor: floorRate };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The start-up floor: open the store file and read every stored object's JSON (no parse, no server). */
export function openStoreAndReadAll(dataDir: string): { ms: number; objects: number } {
  const started = performance.now();
  const store = openStore({ path: join(dataDir, "store.sqlite"), types: RESOURCE_TYPES.filter((t) => !t.review) });
  let objects = 0;
  try {
    for (const type of RESOURCE_TYPES) {
      if (type.review) continue;
      objects += store.listJson(type).items.length;
    }
  } finally {
    store.close();
  }
  return { ms: performance.now() - started, objects };
}
