/** Sizes of every scenario at one scale. */
export interface BenchSizes {
  /** Scenario 1 and 4: concurrency levels, duration and warm-up of each measured round, rounds per server. */
  readonly unaryConcurrency: readonly number[];
  readonly unaryDurationMs: number;
  readonly unaryWarmupMs: number;
  readonly unaryRounds: number;
  /** Scenario 2: objects per project (Stages and as many Freight), and requests per measurement. */
  readonly listSizes: readonly number[];
  readonly listRequests: number;
  /** Scenario 3: concurrent streams, streams per HTTP/2 connection, status changes timed. */
  readonly watchStreams: readonly number[];
  readonly streamsPerConnection: number;
  readonly watchChanges: number;
  /** Scenario 5: durable writes timed; objects stored before the timed start-up. */
  readonly storeWrites: number;
  readonly startupObjects: number;
  /** Scenario 6: calls of each read RPC counted. */
  readonly countedReads: number;
  /**
   * After start-up, every scenario waits until no seeded Stage or Freight changed for this long
   * (the controllers reconcile them first): longer than one controller pass at the scale.
   */
  readonly settleQuietMs: number;
}

/** A scale name and its sizes. */
export type BenchScale = "tiny" | "small" | "full";

/** Sizes per scale: "full" is issue 9's; "tiny" is the smoke test's. */
export const SIZES: Readonly<Record<BenchScale, BenchSizes>> = Object.freeze({
  tiny: {
    unaryConcurrency: [1, 8],
    unaryDurationMs: 200,
    unaryWarmupMs: 50,
    unaryRounds: 1,
    listSizes: [10, 20],
    listRequests: 3,
    watchStreams: [10],
    streamsPerConnection: 4,
    watchChanges: 2,
    storeWrites: 50,
    startupObjects: 200,
    countedReads: 5,
    settleQuietMs: 1000,
  },
  small: {
    unaryConcurrency: [1, 64],
    unaryDurationMs: 1500,
    unaryWarmupMs: 500,
    unaryRounds: 2,
    listSizes: [1000],
    listRequests: 15,
    watchStreams: [1000],
    streamsPerConnection: 500,
    watchChanges: 3,
    storeWrites: 1000,
    startupObjects: 10_000,
    countedReads: 50,
    settleQuietMs: 3000,
  },
  full: {
    unaryConcurrency: [1, 64],
    unaryDurationMs: 3000,
    unaryWarmupMs: 1000,
    unaryRounds: 3,
    listSizes: [1000, 10_000],
    listRequests: 25,
    watchStreams: [1000, 10_000],
    streamsPerConnection: 500,
    watchChanges: 5,
    storeWrites: 2000,
    startupObjects: 100_000,
    countedReads: 200,
    settleQuietMs: 5000,
  },
});

/** What to run: the scale (BENCH_SCALE, default full) and the scenarios (BENCH_SCENARIOS="1,3", default all). */
export interface BenchOptions {
  readonly scale: BenchScale;
  readonly sizes: BenchSizes;
  readonly scenarios: ReadonlySet<number>;
  /** BENCH_CONTROLLERS=off: the Kargo server runs without its embedded controllers (to measure their share). */
  readonly controllers: boolean;
  /** Where bench/results.json and bench/RESULTS.md go; undefined: not written (smoke test). */
  readonly outDir?: string;
  readonly log: (line: string) => void;
}

/** Reads BENCH_SCALE and BENCH_SCENARIOS once; lists every problem. */
export function benchOptionsFromEnv(env: NodeJS.ProcessEnv, outDir: string | undefined, log: (line: string) => void): BenchOptions {
  const problems: string[] = [];
  const scale = (env["BENCH_SCALE"] || "full") as BenchScale;
  if (!(scale in SIZES)) problems.push(`BENCH_SCALE: must be tiny, small or full, got "${scale}"`);
  const raw = env["BENCH_SCENARIOS"] || "1,2,3,4,5,6";
  const scenarios = new Set(raw.split(",").map((s) => Number(s.trim())));
  for (const s of scenarios) if (!Number.isInteger(s) || s < 1 || s > 6) problems.push(`BENCH_SCENARIOS: scenarios are 1 to 6, got "${raw}"`);
  const controllers = (env["BENCH_CONTROLLERS"] || "on") !== "off";
  if (!["on", "off"].includes(env["BENCH_CONTROLLERS"] || "on")) problems.push(`BENCH_CONTROLLERS: must be on or off, got "${env["BENCH_CONTROLLERS"]}"`);
  if (problems.length > 0) throw new Error(`invalid bench settings: ${problems.join("; ")}`);
  return Object.freeze({ scale, sizes: SIZES[scale], scenarios, controllers, ...(outDir !== undefined ? { outDir } : {}), log });
}
