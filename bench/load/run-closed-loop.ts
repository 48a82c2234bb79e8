import { quantile } from "./stats.js";

/** Throughput and latency of one closed-loop run. */
export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Every call made, warm-up and errors included (to divide a server's CPU time by). */
  readonly totalCalls: number;
}

/**
 * Runs `call` from `concurrency` loops (each starts its next call when the previous one ended)
 * for `warmupMs`, then again for `durationMs` while recording each call's latency. A call that
 * throws counts as an error; the first error message is kept and thrown if every call failed.
 */
export async function runClosedLoop(call: () => Promise<unknown>, options: { concurrency: number; durationMs: number; warmupMs: number }): Promise<LoadResult> {
  const run = async (durationMs: number, record: boolean) => {
    const latencies: number[] = [];
    let errors = 0;
    let calls = 0;
    let firstError: unknown;
    const started = performance.now();
    const deadline = started + durationMs;
    const loop = async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        calls++;
        try {
          await call();
          if (record) latencies.push(performance.now() - t0);
        } catch (e) {
          errors++;
          firstError ??= e;
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, loop));
    const seconds = (performance.now() - started) / 1000;
    if (latencies.length === 0 && record && errors > 0) throw firstError;
    return { latencies, errors, seconds, calls };
  };
  const warmupCalls = options.warmupMs > 0 ? (await run(options.warmupMs, false)).calls : 0;
  const { latencies, errors, seconds, calls } = await run(options.durationMs, true);
  return {
    requests: latencies.length,
    errors,
    seconds,
    rps: latencies.length / seconds,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    totalCalls: warmupCalls + calls,
  };
}
