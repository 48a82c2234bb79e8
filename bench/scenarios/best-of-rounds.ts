import { runClosedLoop, type LoadResult } from "../load/run-closed-loop.js";

/** A call to measure, and how to read the CPU time (µs) of the server process that answers it. */
export interface MeasuredCall {
  readonly call: () => Promise<unknown>;
  readonly serverCpuUs: () => Promise<number>;
}

/**
 * The best round of a call, with every round's req/s, the least server CPU time per call, and the
 * calls of all rounds (warm-ups included: what a CPU profile of the rounds covers).
 */
export type BestRound = LoadResult & { rounds: number[]; cpuUsPerCall: number; allCalls: number };

/**
 * Measures each named call in alternating rounds (a, b, a, b …) and keeps each one's best round
 * (highest requests/s): on a shared, noisy machine the best round is the one least disturbed by
 * other work, and alternating exposes both sides to the same drift. Also records the server
 * process's CPU time per call (user + system, warm-up included; the lowest of the rounds):
 * unlike req/s it hardly depends on what else the machine runs, so its ratio is the robust
 * estimate of the relative cost of the two servers.
 */
export async function bestOfRounds(
  calls: Record<string, MeasuredCall>,
  options: { concurrency: number; durationMs: number; warmupMs: number; rounds: number },
): Promise<Record<string, BestRound>> {
  const best: Record<string, BestRound> = {};
  for (let round = 0; round < options.rounds; round++) {
    for (const [name, { call, serverCpuUs }] of Object.entries(calls)) {
      const cpu0 = await serverCpuUs();
      const result = await runClosedLoop(call, { ...options, warmupMs: round === 0 ? options.warmupMs : options.warmupMs / 4 });
      const cpuUsPerCall = ((await serverCpuUs()) - cpu0) / result.totalCalls;
      const previous = best[name];
      const rounds = [...(previous?.rounds ?? []), Math.round(result.rps)];
      const leastCpu = Math.min(cpuUsPerCall, previous?.cpuUsPerCall ?? Infinity);
      const allCalls = (previous?.allCalls ?? 0) + result.totalCalls;
      best[name] =
        !previous || result.rps > previous.rps
          ? { ...result, rounds, cpuUsPerCall: leastCpu, allCalls }
          : { ...previous, rounds, cpuUsPerCall: leastCpu, allCalls };
    }
  }
  return best;
}
