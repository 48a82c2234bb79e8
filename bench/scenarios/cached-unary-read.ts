import { toBinary } from "@bufbuild/protobuf";
import { GetStageResponseSchema, StageService } from "../../gen/kargo/api/v1/stage_service_pb.js";
import type { BenchOptions } from "../bench-options.js";
import { stageName } from "../fixtures/kargo-objects.js";
import { round } from "../load/stats.js";
import { ratioResult, type ScenarioResult } from "../scenario-result.js";
import { benchClient } from "../stack/bench-transport.js";
import { READ_PROJECT, type BenchStack } from "../stack/start-bench-stack.js";
import { bestOfRounds } from "./best-of-rounds.js";

/**
 * Scenario 1: GetStage as admin from the caches, Connect binary over h2c, one HTTP/2 connection,
 * at each concurrency; floor: the bare connect-node server returning the same GetStageResponse
 * (taken from the Kargo server's answer), same transport, same headers. Target >= 0.8x floor.
 */
export async function cachedUnaryRead(stack: BenchStack, options: BenchOptions): Promise<ScenarioResult[]> {
  const request = { project: READ_PROJECT, name: stageName(0) };
  const kargo = benchClient(StageService, stack.kargoUrl, stack.adminToken);
  const floor = benchClient(StageService, stack.floorUrl, stack.adminToken);
  const response = await kargo.getStage(request);
  await stack.floor.call("setMessage", { key: "getStage", bytes: Buffer.from(toBinary(GetStageResponseSchema, response)).toString("base64") });
  const results: ScenarioResult[] = [];
  const servers = { kargo: stack.kargo, floor: stack.floor };
  for (const concurrency of options.sizes.unaryConcurrency) {
    // BENCH_CPU_PROF: each server's profile of exactly these rounds, with its number of calls.
    for (const worker of Object.values(servers)) await worker.call("profileSection", { label: `before-getstage-c${concurrency}` });
    const best = await bestOfRounds(
      {
        floor: { call: () => floor.getStage(request), serverCpuUs: () => stack.floor.call<number>("cpu") },
        kargo: { call: () => kargo.getStage(request), serverCpuUs: () => stack.kargo.call<number>("cpu") },
      },
      { concurrency, durationMs: options.sizes.unaryDurationMs, warmupMs: options.sizes.unaryWarmupMs, rounds: options.sizes.unaryRounds },
    );
    const k = best["kargo"]!;
    const f = best["floor"]!;
    for (const [name, worker] of Object.entries(servers)) {
      const path = await worker.call<string | null>("profileSection", { label: `getstage-c${concurrency}`, calls: best[name]!.allCalls });
      if (path) options.log(`  1 CPU profile of ${name}'s GetStage c=${concurrency} rounds (${best[name]!.allCalls} calls): ${path}`);
    }
    results.push(
      ratioResult(
        {
          scenario: 1,
          name: `GetStage c=${concurrency}`,
          unit: "req/s",
          value: round(k.rps),
          floor: round(f.rps),
          detail: {
            p50Ms: round(k.p50Ms),
            p99Ms: round(k.p99Ms),
            floorP50Ms: round(f.p50Ms),
            floorP99Ms: round(f.p99Ms),
            serverCpuUsPerCall: round(k.cpuUsPerCall),
            floorCpuUsPerCall: round(f.cpuUsPerCall),
            cpuRatio: round(f.cpuUsPerCall / k.cpuUsPerCall),
            rounds: k.rounds,
            floorRounds: f.rounds,
            errors: k.errors + f.errors,
            responseBytes: toBinary(GetStageResponseSchema, response).length,
          },
        },
        // Issue 18 asks 0.9x at concurrency 64 (issue 9 asked 0.8x of both).
        { atLeast: concurrency >= 64 ? 0.9 : 0.8 },
      ),
    );
    options.log(
      `  1 GetStage c=${concurrency}: kargo ${k.rps.toFixed(0)} req/s (p50 ${k.p50Ms.toFixed(2)} ms, p99 ${k.p99Ms.toFixed(2)} ms, ${k.cpuUsPerCall.toFixed(0)} µs CPU/call), ` +
        `floor ${f.rps.toFixed(0)} req/s (p50 ${f.p50Ms.toFixed(2)}, p99 ${f.p99Ms.toFixed(2)}, ${f.cpuUsPerCall.toFixed(0)} µs CPU/call)`,
    );
  }
  return results;
}
