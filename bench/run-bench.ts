import type { BenchOptions } from "./bench-options.js";
import type { ScenarioResult } from "./scenario-result.js";
import { authenticatedThroughput } from "./scenarios/authenticated-throughput.js";
import { cachedUnaryRead } from "./scenarios/cached-unary-read.js";
import { embeddedStore } from "./scenarios/embedded-store.js";
import { kubeRequestsPerRead } from "./scenarios/kube-requests-per-read.js";
import { listLatency } from "./scenarios/list-latency.js";
import { watchFanOut } from "./scenarios/watch-fan-out.js";
import { startBenchStack, type BenchStack } from "./stack/start-bench-stack.js";

const STACK_SCENARIOS: Record<number, (stack: BenchStack, options: BenchOptions) => Promise<ScenarioResult[]>> = {
  1: cachedUnaryRead,
  2: listLatency,
  4: authenticatedThroughput,
  6: kubeRequestsPerRead,
  3: watchFanOut,
};

/**
 * Runs the selected scenarios: those needing a server share one Kargo API process and one floor
 * process (1, 2, 4, 6, then 3, whose thousands of streams come last), then scenario 5 in its own
 * processes. A scenario that fails is reported as failed and the others still run.
 */
export async function runBench(options: BenchOptions): Promise<{ results: ScenarioResult[]; failures: string[] }> {
  const results: ScenarioResult[] = [];
  const failures: string[] = [];
  const run = async (n: number, body: () => Promise<ScenarioResult[]>) => {
    options.log(`scenario ${n}`);
    const t0 = performance.now();
    try {
      results.push(...(await body()));
    } catch (e) {
      failures.push(`scenario ${n}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      options.log(`  scenario ${n} failed: ${String(e)}`);
    }
    options.log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  };
  const wanted = Object.keys(STACK_SCENARIOS)
    .map(Number)
    .filter((n) => options.scenarios.has(n));
  if (wanted.length > 0) {
    const stack = await startBenchStack(options);
    try {
      for (const n of wanted) await run(n, () => STACK_SCENARIOS[n]!(stack, options));
    } finally {
      await stack.close();
    }
  }
  if (options.scenarios.has(5)) await run(5, () => embeddedStore(options));
  results.sort((a, b) => a.scenario - b.scenario);
  return { results, failures };
}
