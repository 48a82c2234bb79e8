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
 * Rounds alternate (floor, store, grouped, floor, grouped) and the best of each is kept, so a disk
 * that speeds up or slows down during the measure favours neither side. Every figure stops its
 * clock when the last write is durable, before the file is closed (close() checkpoints the WAL
 * into the database, which no write waits for).
 */
export async function measureStoreWrites(
  parent: string,
  count: number,
  writers = 8,
): Promise<{ store: number; grouped: number; floor: number; writers: number; groupedCpuUs: number; floorCpuUs: number }> {
  const dir = mkdtempSync(join(parent, "bench-store-"));
  try {
    const floorFirst = rawInserts(join(dir, "floor-1.sqlite"), count);
    const storeRate = storeWrites(join(dir, "store.sqlite"), count);
    const groupedFirst = await groupedWrites(join(dir, "grouped-1.sqlite"), count, writers);
    const floorLast = rawInserts(join(dir, "floor-2.sqlite"), count);
    const groupedLast = await groupedWrites(join(dir, "grouped-2.sqlite"), count, writers);
    return {
      store: storeRate,
      grouped: Math.max(groupedFirst.rate, groupedLast.rate),
      floor: Math.max(floorFirst.rate, floorLast.rate),
      writers,
      groupedCpuUs: Math.min(groupedFirst.cpuUs, groupedLast.cpuUs),
      floorCpuUs: Math.min(floorFirst.cpuUs, floorLast.cpuUs),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const stages = resourceTypeOf("kargo.akuity.io", "stages")!;

/** One caller, one create per transaction (openStore's default); returns creates/s. */
function storeWrites(path: string, count: number): number {
  const store = openStore({ path });
  try {
    const started = performance.now();
    for (let i = 0; i < count; i++) store.create(stages, stageObject("bench", i));
    return count / ((performance.now() - started) / 1000);
  } finally {
    store.close();
  }
}

/** A round's writes/s, and the process's CPU time per write (µs): the figure the disk does not move. */
interface Round {
  rate: number;
  cpuUs: number;
}

function roundOf(count: number, started: number, cpu: NodeJS.CpuUsage): Round {
  const rate = count / ((performance.now() - started) / 1000);
  const used = process.cpuUsage(cpu);
  return { rate, cpuUs: (used.user + used.system) / count };
}

/** `writers` concurrent callers with group commit, each create awaited with durable(). */
async function groupedWrites(path: string, count: number, writers: number): Promise<Round> {
  const store = openStore({ path, groupCommit: true });
  try {
    let next = 0;
    const writer = async (): Promise<void> => {
      for (let i = next++; i < count; i = next++) {
        store.create(stages, stageObject("bench", i));
        await store.durable();
      }
    };
    const cpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(Array.from({ length: writers }, writer));
    return roundOf(count, started, cpu);
  } finally {
    store.close();
  }
}

/** better-sqlite3 alone: `count` single-row transactions (one fsync each). */
function rawInserts(path: string, count: number): Round {
  const db = new Database(path);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.exec("CREATE TABLE objects (key TEXT PRIMARY KEY, rv INTEGER, json TEXT)");
    const insert = db.prepare("INSERT INTO objects (key, rv, json) VALUES (?, ?, ?)");
    const write = db.transaction((i: number) => insert.run(`bench/stage-${i}`, i, JSON.stringify(stageObject("bench", i))));
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < count; i++) write(i);
    return roundOf(count, started, cpu);
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
