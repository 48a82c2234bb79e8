import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { RESOURCE_TYPES, resourceTypeOf } from "../../src/embedded/resources/resource-types.js";
import { openStore } from "../../src/embedded/store/open-store.js";
import type { ObjectStore } from "../../src/embedded/store/types.js";
import { stageObject } from "../fixtures/kargo-objects.js";

/**
 * Durable writes/s of the embedded store against its floor: the same JSON inserted by
 * better-sqlite3 with the same pragmas (`synchronous=FULL`, WAL, `locking_mode=EXCLUSIVE`), one transaction per row, one
 * fsync each — what SQLite alone costs on this disk. Two store figures:
 * - `store`: one caller, one create per transaction (openStore's default);
 * - `grouped`: `writers` concurrent callers on a store opened with `groupCommit` (as the embedded
 *   control plane opens it), each create acknowledged only after `await store.durable()`: the
 *   creates of one event-loop turn share one COMMIT, so one fsync.
 * The grouped figure and the floor are taken in `rounds` alternating rounds (floor, grouped,
 * floor, grouped …), each round a slice of the `count` writes appended to the same file, and the
 * best round of each is kept: this disk's fsync rate comes in bursts (3–10× apart within seconds),
 * and short alternating rounds let both sides meet the same bursts. Every clock stops when the
 * last write of its round is durable, before any close() (which checkpoints the WAL, something no
 * write waits for).
 */
export async function measureStoreWrites(
  parent: string,
  count: number,
  writers = 8,
  rounds = 4,
): Promise<{ store: number; grouped: number; floor: number; writers: number; groupedCpuUs: number; floorCpuUs: number }> {
  const dir = mkdtempSync(join(parent, "bench-store-"));
  try {
    const storeRate = storeWrites(join(dir, "store.sqlite"), count);
    const floor = openRawFloor(join(dir, "floor.sqlite"));
    const grouped = openStore({ path: join(dir, "grouped.sqlite"), groupCommit: true });
    const floorRounds: Round[] = [];
    const groupedRounds: Round[] = [];
    try {
      const perRound = Math.ceil(count / rounds);
      for (let from = 0; from < count; from += perRound) {
        const to = Math.min(count, from + perRound);
        floorRounds.push(floor.insert(from, to));
        groupedRounds.push(await groupedWrites(grouped, from, to, writers));
      }
    } finally {
      floor.close();
      grouped.close();
    }
    return {
      store: storeRate,
      grouped: Math.max(...groupedRounds.map((round) => round.rate)),
      floor: Math.max(...floorRounds.map((round) => round.rate)),
      writers,
      groupedCpuUs: Math.min(...groupedRounds.map((round) => round.cpuUs)),
      floorCpuUs: Math.min(...floorRounds.map((round) => round.cpuUs)),
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

function roundOf(writes: number, started: number, cpu: NodeJS.CpuUsage): Round {
  const rate = writes / ((performance.now() - started) / 1000);
  const used = process.cpuUsage(cpu);
  return { rate, cpuUs: (used.user + used.system) / writes };
}

/** Creates [from, to) from `writers` concurrent callers, each create awaited with durable(). */
async function groupedWrites(store: ObjectStore, from: number, to: number, writers: number): Promise<Round> {
  let next = from;
  const writer = async (): Promise<void> => {
    for (let i = next++; i < to; i = next++) {
      store.create(stages, stageObject("bench", i));
      await store.durable();
    }
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: writers }, writer));
  return roundOf(to - from, started, cpu);
}

/** better-sqlite3 alone: single-row transactions (one fsync each), rows [from, to) per call. */
function openRawFloor(path: string): { insert(from: number, to: number): Round; close(): void } {
  const db = new Database(path);
  try {
    // The store's pragmas (migrate-schema.ts): EXCLUSIVE also spares WAL's shared-memory index.
    db.pragma("locking_mode = EXCLUSIVE");
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.exec("CREATE TABLE objects (key TEXT PRIMARY KEY, rv INTEGER, json TEXT)");
  } catch (error) {
    db.close();
    throw error;
  }
  const insert = db.prepare("INSERT INTO objects (key, rv, json) VALUES (?, ?, ?)");
  const write = db.transaction((i: number) => insert.run(`bench/stage-${i}`, i, JSON.stringify(stageObject("bench", i))));
  return {
    insert(from, to) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      for (let i = from; i < to; i++) write(i);
      return roundOf(to - from, started, cpu);
    },
    close: () => db.close(),
  };
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
