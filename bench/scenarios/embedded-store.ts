import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchOptions } from "../bench-options.js";
import { round } from "../load/stats.js";
import { absoluteResult, ratioResult, type ScenarioResult } from "../scenario-result.js";
import { startWorker } from "../worker/worker-client.js";
import { settleArgs, type Settled } from "../worker/wait-until-settled.js";
import type { MemorySample } from "../worker/worker-protocol.js";

/**
 * Scenario 5, each part in a fresh process:
 * - durable writes/s: `storeWrites` Stage creates through openStore (one fsynced transaction
 *   each) in the OS temp dir; floor: better-sqlite3 inserting the same JSON with the same pragmas.
 *   Target >= 2,000/s. And the same creates from 8 concurrent writers on a store with group
 *   commit (each acknowledged after store.durable()): issue 18's target >= 2x the floor.
 * - start-up: `startupObjects` objects (10 projects of half Stages, half Freight) stored, then the
 *   time from calling startKargoApi to the caches answering (every Stage listed, the last Freight
 *   found: the informers start on first use, so this includes their initial list); floor: opening
 *   the store and reading every object's JSON. Target < 2 s (issue 18; issue 9 asked < 5 s).
 */
export async function embeddedStore(options: BenchOptions): Promise<ScenarioResult[]> {
  const { sizes } = options;
  const results: ScenarioResult[] = [];
  // Writes, seeding and the read-all floor share one process; the timed start-up gets a fresh one.
  const dataDir = await mkdtemp(join(tmpdir(), "kargo-bench-startup-"));
  try {
    const projects = 10;
    const perKind = Math.max(1, Math.floor(sizes.startupObjects / projects / 2));
    let worker = await startWorker({ name: "store" });
    let readAll: { ms: number; objects: number; jsonBytes: number };
    try {
      const writes = await worker.call<{ store: number; grouped: number; floor: number; writers: number; groupedCpuUs: number; floorCpuUs: number }>(
        "storeWrites",
        {
          dir: tmpdir(),
          count: sizes.storeWrites,
        },
      );
      options.log(
        `  5 durable writes: store ${writes.store.toFixed(0)}/s, ${writes.writers} writers with group commit ${writes.grouped.toFixed(0)}/s (${writes.groupedCpuUs.toFixed(0)} µs CPU/write), raw SQLite ${writes.floor.toFixed(0)}/s (${writes.floorCpuUs.toFixed(0)} µs)`,
      );
      results.push(
        absoluteResult(
          {
            scenario: 5,
            name: "durable writes",
            unit: "writes/s",
            value: round(writes.store),
            floor: round(writes.floor),
            detail: { writes: sizes.storeWrites },
          },
          { atLeast: 2000 },
        ),
      );
      results.push(
        ratioResult(
          {
            scenario: 5,
            name: `durable writes, ${writes.writers} concurrent writers (group commit)`,
            unit: "writes/s",
            value: round(writes.grouped),
            floor: round(writes.floor),
            detail: {
              writes: sizes.storeWrites,
              writers: writes.writers,
              cpuUsPerWrite: round(writes.groupedCpuUs),
              floorCpuUsPerWrite: round(writes.floorCpuUs),
            },
          },
          { atLeast: 2 },
        ),
      );
      const seeded = await worker.call<{ objects: number; ms: number }>("seed", {
        dataDir,
        projects: Array.from({ length: projects }, (_, i) => ({ name: `startup-${i}`, stages: perKind, freight: perKind })),
      });
      options.log(`  5 seeded ${seeded.objects} objects in ${(seeded.ms / 1000).toFixed(1)} s`);
      readAll = await worker.call("readAll", { dataDir });
    } finally {
      await worker.close();
    }
    worker = await startWorker({ profile: true, name: "startup" });
    try {
      const started = await worker.call<{ startMs: number; syncedMs: number; cpuMs: number }>("startKargo", {
        dataDir,
        controllers: options.controllers,
        probe: { project: `startup-${projects - 1}`, stages: perKind, freight: perKind },
      });
      const timeline = await worker.call<{ phase: string; ms: number }[]>("timeline");
      for (const { phase, ms } of timeline) options.log(`  5 start-up timeline ${String(ms).padStart(6)} ms  ${phase}`);
      // The profile, if any, covers the start-up only (not the wait below).
      const profile = await worker.call<string | null>("writeProfile");
      if (profile) options.log(`  5 CPU profile of the start-up: ${profile}`);
      // The embedded controllers then reconcile the seeded objects for a while: memory is sampled
      // once they stopped changing them.
      const settled = await worker.call<Settled>("settle", settleArgs(sizes.settleQuietMs));
      options.log(
        `  5 seeded objects ${settled.settled ? "settled" : "still changing"} after ${(settled.ms / 1000).toFixed(1)} s more (${settled.changes} changes)`,
      );
      // Resident memory once the caches answer and the objects settled (after GC), against the stored objects' JSON size.
      const memory = await worker.call<MemorySample>("memory");
      options.log(
        `  5 start-up with ${readAll.objects} objects: serving after ${started.startMs.toFixed(0)} ms, caches answering after ${started.syncedMs.toFixed(0)} ms (CPU ${started.cpuMs.toFixed(0)} ms); open + read all ${readAll.ms.toFixed(0)} ms`,
      );
      options.log(
        `  5 resident memory after start-up ${(memory.rss / 2 ** 20).toFixed(0)} MiB (heap ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB used of ${(memory.heapTotal / 2 ** 20).toFixed(0)} MiB) for ${(readAll.jsonBytes / 2 ** 20).toFixed(0)} MiB of JSON`,
      );
      results.push(
        absoluteResult(
          {
            scenario: 5,
            name: `start-up with ${readAll.objects} stored objects`,
            unit: "ms",
            value: round(started.syncedMs),
            floor: round(readAll.ms),
            detail: { objects: readAll.objects, servingMs: round(started.startMs), cpuMs: round(started.cpuMs), timeline, settled },
          },
          { below: 2000 },
        ),
      );
      results.push(
        ratioResult(
          {
            scenario: 5,
            name: `resident memory after start-up with ${readAll.objects} objects, vs their JSON size`,
            unit: "MiB",
            value: round(memory.rss / 2 ** 20),
            floor: round(readAll.jsonBytes / 2 ** 20),
            detail: {
              heapUsedMiB: round(memory.heapUsed / 2 ** 20),
              heapTotalMiB: round(memory.heapTotal / 2 ** 20),
              externalMiB: round(memory.external / 2 ** 20),
            },
          },
          { atMost: 3 },
        ),
      );
    } finally {
      await worker.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  return results;
}
