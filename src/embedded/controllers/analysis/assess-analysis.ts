import type { AnalysisPhase, Measurement, MetricResult, RunSummary } from "./analysis-types.js";
import type { ResolvedMetric } from "./resolve-metric.js";

/** Argo Rollouts' order of badness, worst last: a run takes the worst phase of its metrics. */
const ORDER: readonly AnalysisPhase[] = ["Pending", "Running", "Successful", "Inconclusive", "Error", "Failed"];

/** True when `candidate` is worse than `current`. */
export function isWorse(current: AnalysisPhase, candidate: AnalysisPhase): boolean {
  return ORDER.indexOf(candidate) > ORDER.indexOf(current);
}

/** A metric's phase and, when it ended badly, why (Argo Rollouts' wording). */
export interface MetricAssessment {
  phase: AnalysisPhase;
  reason?: string;
}

/**
 * A metric's phase from its counters, as Argo Rollouts assesses it: Failed when failed >
 * failureLimit, Inconclusive when inconclusive > inconclusiveLimit, Error when consecutive errors >
 * consecutiveErrorLimit (a negative limit disables its check), Successful once the count is
 * reached (or when the run is terminated), Pending before the first measurement, else Running.
 */
export function assessMetric(metric: ResolvedMetric, result: MetricResult, terminating: boolean): MetricAssessment {
  const failed = result.failed ?? 0;
  const inconclusive = result.inconclusive ?? 0;
  const consecutiveError = result.consecutiveError ?? 0;
  if (metric.failureLimitValue >= 0 && failed > metric.failureLimitValue) {
    return { phase: "Failed", reason: `failed (${failed}) > failureLimit (${metric.failureLimitValue})` };
  }
  if (metric.inconclusiveLimitValue >= 0 && inconclusive > metric.inconclusiveLimitValue) {
    return { phase: "Inconclusive", reason: `inconclusive (${inconclusive}) > inconclusiveLimit (${metric.inconclusiveLimitValue})` };
  }
  if (metric.consecutiveErrorLimitValue >= 0 && consecutiveError > metric.consecutiveErrorLimitValue) {
    const last = result.measurements?.at(-1)?.message ?? "";
    return {
      phase: "Error",
      reason: `consecutiveErrors (${consecutiveError}) > consecutiveErrorLimit (${metric.consecutiveErrorLimitValue}): "Error Message: ${last}"`,
    };
  }
  if (metric.effectiveCount !== undefined && (result.count ?? 0) >= metric.effectiveCount) return { phase: "Successful" };
  if (terminating) return { phase: "Successful" };
  return { phase: (result.measurements?.length ?? 0) === 0 ? "Pending" : "Running" };
}

/** Adds a finished measurement to a metric's result: counters as Argo Rollouts keeps them, bounded history. */
export function recordMeasurement(result: MetricResult, measurement: Measurement, retention: number): MetricResult {
  const next: MetricResult = { ...result, measurements: [...(result.measurements ?? []), measurement].slice(-retention) };
  const bump = (key: "successful" | "failed" | "inconclusive" | "error" | "count" | "consecutiveError") => {
    next[key] = (next[key] ?? 0) + 1;
  };
  if (measurement.phase === "Error") {
    // An error is not a measurement in the count: it is retried, and too many in a row end the metric.
    bump("error");
    bump("consecutiveError");
    return next;
  }
  bump("count");
  next.consecutiveError = 0;
  if (measurement.phase === "Successful") bump("successful");
  else if (measurement.phase === "Failed") bump("failed");
  else if (measurement.phase === "Inconclusive") bump("inconclusive");
  return next;
}

/** The run's phase and message from its metric results; dry-run metrics never decide it. */
export function assessRun(
  results: readonly MetricResult[],
  messages: ReadonlyMap<string, string>,
  terminated: boolean,
): { phase: AnalysisPhase; message?: string; runSummary: RunSummary; dryRunSummary: RunSummary } {
  const runSummary: Required<RunSummary> = { count: 0, successful: 0, failed: 0, inconclusive: 0, error: 0 };
  const dryRunSummary: Required<RunSummary> = { count: 0, successful: 0, failed: 0, inconclusive: 0, error: 0 };
  let worst: AnalysisPhase = "Successful";
  let message: string | undefined;
  let allDone = true;
  for (const result of results) {
    const summary = result.dryRun ? dryRunSummary : runSummary;
    summary.count++;
    if (result.phase === "Successful") summary.successful++;
    else if (result.phase === "Failed") summary.failed++;
    else if (result.phase === "Inconclusive") summary.inconclusive++;
    else if (result.phase === "Error") summary.error++;
    else allDone = false;
    if (result.dryRun) continue;
    if ((result.phase === "Failed" || result.phase === "Error" || result.phase === "Inconclusive") && isWorse(worst, result.phase)) {
      worst = result.phase;
      message = messages.get(result.name);
    }
  }
  if (worst !== "Successful") return { phase: worst, ...(message ? { message } : {}), runSummary, dryRunSummary };
  if (allDone) return { phase: "Successful", ...(terminated ? { message: "Run Terminated" } : {}), runSummary, dryRunSummary };
  return { phase: "Running", runSummary, dryRunSummary };
}
