import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { RESOURCE_TYPES, resourceTypeOf } from "../../src/embedded/resources/resource-types.js";
import { openStore } from "../../src/embedded/store/open-store.js";
import { stageObject } from "../fixtures/kargo-objects.js";

/**
 * Durable writes/s of the embedded store against its floor: the same JSON inserted by
 * better-sqlite3 with the same pragmas (`synchronous=FULL`, WAL), one transaction per row, one
 * fsync each — what SQLite alone costs on this disk. Two store figures:
 * - `store`: one caller, one create per transaction (openStore's default);
 * - `grouped`: `writers` concurrent callers on a store opened with `groupCommit` (as the embedded
 *   control plane opens it), each create acknowledged only after `await store.durable()`: the
 *   creates of one event-loop turn share one COMMIT, so one fsync.
 * The floor runs first and last (best of the two), so a disk that speeds up or slows down during
 * the measure does not favour the store.
 */
export async function measureStoreWrites(
  parent: string,
  count: number,
  writers = 8,
): Promise<{ store: number; grouped: number; floor: number; writers: number }> {
  const dir = mkdtempSync(join(parent, "bench-store-"));
  try {
    const stages = resourceTypeOf("kargo.akuity.io", "stages")!;
    const floorFirst = rawInserts(join(dir, "floor-1.sqlite"), count);
    const store = openStore({ path: join(dir, "store.sqlite") });
    let started = performance.now();
    try {
      for (let i = 0; i < count; i++) store.create(stages, stageObject("bench", i));
    } finally {
      store.close();
    }
    const storeRate = count / ((performance.now() - started) / 1000);

    const grouped = openStore({ path: join(dir, "grouped.sqlite"), groupCommit: true });
    let next = 0;
    const writer = async (): Promise<void> => {
      for (let i = next++; i < count; i = next++) {
        grouped.create(stages, stageObject("bench", i));
        await grouped.durable();
      }
    };
    started = performance.now();
    try {
      await Promise.all(Array.from({ length: writers }, writer));
    } finally {
      grouped.close();
    }
    const groupedRate = count / ((performance.now() - started) / 1000);
    const floorLast = rawInserts(join(dir, "floor-2.sqlite"), count);
    return { store: storeRate, grouped: groupedRate, floor: Math.max(floorFirst, floorLast), writers };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** better-sqlite3 alone: `count` single-row transactions (one fsync each); returns rows/s. */
function rawInserts(path: string, count: number): number {
  const db = new Database(path);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.exec("CREATE TABLE objects (key TEXT PRIMARY KEY, rv INTEGER, json TEXT)");
    const insert = db.prepare("INSERT INTO objects (key, rv, json) VALUES (?, ?, ?)");
    const write = db.transaction((i: number) => insert.run(`bench/stage-${i}`, i, JSON.stringify(stageObject("bench", i))));
    const started = performance.now();
    for (let i = 0; i < count; i++) write(i);
    return count / ((performance.now() - started) / 1000);
  } finally {
    db.close();
  }
}

/**
 * The start-up floor: open the store file and read every stored object's JSON (no parse, no
 * server). Also the objects' total JSON size (UTF-8 bytes), the yardstick of the start-up's
 * resident memory.
 */
export function openStoreAndReadAll(dataDir: string): { ms: number; objects: number; jsonBytes: number } {
  const started = performance.now();
  const store = openStore({ path: join(dataDir, "store.sqlite"), types: RESOURCE_TYPES.filter((t) => !t.review) });
  let objects = 0;
  let jsonBytes = 0;
  try {
    for (const type of RESOURCE_TYPES) {
      if (type.review) continue;
      const items = store.listJson(type).items;
      objects += items.length;
      for (const item of items) jsonBytes += Buffer.byteLength(item);
    }
  } finally {
    store.close();
  }
  return { ms: performance.now() - started, objects, jsonBytes };
}
