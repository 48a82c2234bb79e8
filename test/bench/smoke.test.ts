import type { BenchOptions } from "../../bench/bench-options.js";
import type { ScenarioResult } from "../../bench/scenario-result.js";
import { compiled } from "../support/compiled-main.js";

// The benchmark is not part of `npm test`; this smoke run is: every scenario at a tiny size
// (10 objects, 10 streams, a few requests), through the same code as `npm run bench` (compiled,
// dist/bench: its worker processes then load JavaScript, not the sources through tsx, at about
// half the CPU), with the server and the floor in their own processes. It checks the shape and
// sanity of the figures, not the targets (a shared test machine says nothing about those).
const { SIZES } = (await import(compiled("bench/bench-options.js"))) as typeof import("../../bench/bench-options.js");
const { runBench } = (await import(compiled("bench/run-bench.js"))) as typeof import("../../bench/run-bench.js");

describe("npm run bench at a tiny scale", () => {
  let results: ScenarioResult[] = [];
  let failures: string[] = [];
  const lines: string[] = [];

  beforeAll(async () => {
    const options: BenchOptions = {
      scale: "tiny",
      sizes: SIZES.tiny,
      scenarios: new Set([1, 2, 3, 4, 5, 6]),
      controllers: true,
      log: (line) => lines.push(line),
    };
    ({ results, failures } = await runBench(options));
  });

  const of = (scenario: number) => results.filter((r) => r.scenario === scenario);

  it("runs every scenario without a failure", () => {
    expect(failures).toEqual([]);
    expect(new Set(results.map((r) => r.scenario))).toEqual(new Set([1, 2, 3, 4, 5, 6]));
  });

  it("gives every figure a value, a unit, a target and whether it is met", () => {
    for (const r of results) {
      expect(r).toEqual(expect.objectContaining({ name: expect.any(String), unit: expect.any(String), target: expect.any(String), met: expect.any(Boolean) }));
      expect(Number.isFinite(r.value)).toBe(true);
      if (r.floor !== null && r.floor !== 0) expect(r.ratio).toBeCloseTo(r.value / r.floor, 1);
    }
  });

  it("measures GetStage and its floor at each concurrency (scenario 1)", () => {
    expect(of(1).map((r) => r.name)).toEqual(SIZES.tiny.unaryConcurrency.map((c) => `GetStage c=${c}`));
    for (const r of of(1)) {
      expect(r.value).toBeGreaterThan(0);
      expect(r.floor).toBeGreaterThan(0);
      expect(r.detail).toEqual(expect.objectContaining({ p50Ms: expect.any(Number), p99Ms: expect.any(Number), errors: 0 }));
    }
  });

  it("lists every seeded object in ListStages and QueryFreight, binary and JSON, with toBinary / toJsonString as floors (scenario 2)", () => {
    expect(of(2)).toHaveLength(SIZES.tiny.listSizes.length * 4);
    for (const r of of(2)) {
      expect(r.floor).toBeGreaterThan(0);
      // Served from cached bytes the value may be below its floor (issue 18's aim); it is a time all the same.
      expect(r.value).toBeGreaterThan(0);
      if (r.name.endsWith("Connect JSON")) continue;
      const size = Number(/over (\d+)/.exec(r.name)![1]);
      expect(r.detail?.["items"]).toBe(size);
      // Through a client the call includes the client's decode: never faster than it.
      expect(r.detail?.["clientLatencyMs"]).toBeGreaterThan(0);
    }
  });

  it("delivers a promotion change to every stream and samples memory per stream (scenario 3)", () => {
    const [latency, memory] = of(3);
    expect(latency!.name).toBe(`WatchPromotions fan-out p99, ${SIZES.tiny.watchStreams[0]} streams`);
    expect(latency!.value).toBeGreaterThan(0);
    expect(latency!.value).toBeLessThan(30_000);
    expect(memory!.unit).toBe("KiB");
  });

  it("compares OIDC with admin throughput (scenario 4)", () => {
    const [r] = of(4);
    expect(r!.value).toBeGreaterThan(0);
    expect(r!.detail?.["errors"]).toBe(0);
  });

  it("measures durable writes and a start-up over stored objects (scenario 5)", () => {
    const [writes, grouped, startup, memory] = of(5);
    expect(memory!.unit).toBe("MiB");
    expect(memory!.value).toBeGreaterThan(memory!.floor!);
    expect(writes!.value).toBeGreaterThan(0);
    expect(grouped!.name).toContain("group commit");
    expect(grouped!.value).toBeGreaterThan(0);
    expect(grouped!.detail?.["writers"]).toBe(8);
    expect(startup!.detail?.["objects"]).toBeGreaterThanOrEqual(SIZES.tiny.startupObjects);
    expect(startup!.value).toBeGreaterThan(startup!.detail!["servingMs"] as number);
    // The timeline of the start-up's phases, in order, ending with the informers' first lists.
    const timeline = startup!.detail!["timeline"] as { phase: string; ms: number }[];
    const phases = timeline.map((t) => t.phase);
    expect(phases.indexOf("embedded store opened")).toBeLessThan(phases.indexOf("embedded API listening"));
    expect(phases.indexOf("embedded API listening")).toBeLessThan(phases.indexOf("API server listening"));
    expect(phases).toEqual(expect.arrayContaining([expect.stringMatching(/^informer synced stages \(\d+ objects\)$/)]));
    expect(startup!.detail!["settled"]).toEqual(expect.objectContaining({ settled: true }));
  });

  it("counts no Kubernetes request for cached reads (scenario 6)", () => {
    const [r] = of(6);
    expect(r!.detail?.["calls"]).toBe(SIZES.tiny.countedReads * 10);
    expect(r!.value).toBe(0);
  });
});
