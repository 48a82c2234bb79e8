import { runClosedLoop, type LoadResult } from "../load/run-closed-loop.js";

/**
 * Measures each named call in alternating rounds (a, b, a, b …) and keeps each one's best round
 * (highest requests/s): on a shared, noisy machine the best round is the one least disturbed by
 * other work, and alternating exposes both sides to the same drift.
 */
export async function bestOfRounds(
  calls: Record<string, () => Promise<unknown>>,
  options: { concurrency: number; durationMs: number; warmupMs: number; rounds: number },
): Promise<Record<string, LoadResult & { rounds: number[] }>> {
  const best: Record<string, LoadResult & { rounds: number[] }> = {};
  for (let round = 0; round < options.rounds; round++) {
    for (const [name, call] of Object.entries(calls)) {
      const result = await runClosedLoop(call, { ...options, warmupMs: round === 0 ? options.warmupMs : options.warmupMs / 4 });
      const previous = best[name];
      const rounds = [...(previous?.rounds ?? []), Math.round(result.rps)];
      best[name] = !previous || result.rps > previous.rps ? { ...result, rounds } : { ...previous, rounds };
    }
  }
  return best;
}
