import { assessMetric, assessRun, recordMeasurement } from "../../../../src/embedded/controllers/analysis/assess-analysis.js";
import type { MetricResult } from "../../../../src/embedded/controllers/analysis/analysis-types.js";
import { measurementPhase } from "../../../../src/embedded/controllers/analysis/measurement-phase.js";
import { resolveMetric } from "../../../../src/embedded/controllers/analysis/resolve-metric.js";

describe("measurementPhase (Argo Rollouts' condition rules)", () => {
  it.each([
    [{}, 1, "Successful"],
    [{ successCondition: "result > 0.9" }, 0.95, "Successful"],
    [{ successCondition: "result > 0.9" }, 0.5, "Failed"],
    [{ failureCondition: "result > 10" }, 11, "Failed"],
    [{ failureCondition: "result > 10" }, 3, "Successful"],
    [{ successCondition: "result >= 0.9", failureCondition: "result < 0.5" }, 0.7, "Inconclusive"],
    [{ successCondition: "result >= 0.9", failureCondition: "result < 0.5" }, 0.4, "Failed"],
    [{ successCondition: "asFloat(result) >= 0.9" }, "0.95", "Successful"],
    [{ successCondition: "asInt(result) == 3" }, "3", "Successful"],
    [{ successCondition: "result[0] >= 0.9 && !isNaN(result[0])" }, [0.93], "Successful"],
    [{ successCondition: "default(result, 0) > 1" }, null, "Failed"],
  ])("%j with result %j is %s", (conditions, result, phase) => {
    expect(measurementPhase(conditions, result)).toBe(phase);
  });

  it("throws when a condition is not a boolean or cannot be evaluated", () => {
    expect(() => measurementPhase({ successCondition: "result + 1" }, 1)).toThrow(/not a boolean/);
    expect(() => measurementPhase({ successCondition: "asFloat(result) > 1" }, "abc")).toThrow(/cannot convert/);
  });
});

describe("assessMetric and assessRun", () => {
  const metric = (fields: Record<string, unknown>) =>
    resolveMetric({ name: "m", provider: { web: { url: "http://127.0.0.1/" } }, ...fields }, new Map([["limit", "2"]]));
  const measured = (...phases: ("Successful" | "Failed" | "Inconclusive" | "Error")[]) =>
    phases.reduce<MetricResult>((result, phase) => recordMeasurement(result, { phase, message: phase === "Error" ? "boom" : undefined }, 10), {
      name: "m",
      phase: "Running",
    });

  it("takes one measurement without interval or count, and runs until stopped with an interval and no count", () => {
    expect(metric({}).effectiveCount).toBe(1);
    expect(metric({ interval: "5s" }).effectiveCount).toBeUndefined();
    expect(metric({ interval: "5s", count: 3 }).effectiveCount).toBe(3);
    expect(() => metric({ count: 3 })).toThrow('metric "m": interval must be specified when count > 1');
  });

  it("fails a metric only when failed exceeds failureLimit (which may come from an argument)", () => {
    const m = metric({ interval: "1s", count: 4, failureLimit: "{{args.limit}}" });
    expect(assessMetric(m, measured("Failed", "Failed"), false)).toEqual({ phase: "Running" });
    expect(assessMetric(m, measured("Failed", "Failed", "Failed"), false)).toEqual({ phase: "Failed", reason: "failed (3) > failureLimit (2)" });
    expect(assessMetric(m, measured("Failed", "Successful", "Failed", "Successful"), false)).toEqual({ phase: "Successful" });
  });

  it("ends Inconclusive past inconclusiveLimit and Error past consecutiveErrorLimit; errors do not count as measurements", () => {
    expect(assessMetric(metric({}), measured("Inconclusive"), false)).toEqual({ phase: "Inconclusive", reason: "inconclusive (1) > inconclusiveLimit (0)" });
    const errors = measured("Error", "Error", "Error", "Error", "Error");
    expect(errors.count ?? 0).toBe(0);
    expect(assessMetric(metric({}), errors, false)).toEqual({
      phase: "Error",
      reason: 'consecutiveErrors (5) > consecutiveErrorLimit (4): "Error Message: boom"',
    });
    expect(assessMetric(metric({ consecutiveErrorLimit: 1 }), measured("Error", "Successful", "Error"), false)).toEqual({ phase: "Successful" });
  });

  it("lets dry-run metrics fail without failing the run, and takes the worst phase of the others", () => {
    const messages = new Map([
      ["a", "A failed"],
      ["b", "B errored"],
    ]);
    const dry = assessRun(
      [
        { name: "a", phase: "Failed", dryRun: true },
        { name: "c", phase: "Successful" },
      ],
      messages,
      false,
    );
    expect(dry).toMatchObject({ phase: "Successful", runSummary: { count: 1, successful: 1 }, dryRunSummary: { count: 1, failed: 1 } });
    expect(
      assessRun(
        [
          { name: "a", phase: "Failed" },
          { name: "b", phase: "Error" },
        ],
        messages,
        false,
      ),
    ).toMatchObject({ phase: "Failed", message: "A failed" });
    expect(
      assessRun(
        [
          { name: "c", phase: "Successful" },
          { name: "d", phase: "Running" },
        ],
        messages,
        false,
      ).phase,
    ).toBe("Running");
  });
});
