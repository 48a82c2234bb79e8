import { evaluateSource } from "../../../domain/expressions/index.js";
import type { AnalysisPhase, Metric } from "./analysis-types.js";
import { CONDITION_FUNCTIONS } from "./condition-functions.js";

/**
 * The phase of one measurement from its `result`, with Argo Rollouts' rules: no condition at all
 * is Successful; only a successCondition fails when it is false; only a failureCondition succeeds
 * when it is false; with both, failure wins, success next, and neither true is Inconclusive.
 * A condition that does not evaluate to a boolean throws (the measurement is then Error).
 */
export function measurementPhase(metric: Pick<Metric, "successCondition" | "failureCondition">, result: unknown): AnalysisPhase {
  const env = { ...CONDITION_FUNCTIONS, result };
  const evaluate = (condition: string) => {
    const value = evaluateSource(condition, env);
    if (typeof value !== "boolean") throw new Error(`condition ${JSON.stringify(condition)} gave ${JSON.stringify(value) ?? String(value)}, not a boolean`);
    return value;
  };
  const hasSuccess = Boolean(metric.successCondition);
  const hasFailure = Boolean(metric.failureCondition);
  if (!hasSuccess && !hasFailure) return "Successful";
  let success = hasSuccess ? evaluate(metric.successCondition!) : false;
  let failure = hasFailure ? evaluate(metric.failureCondition!) : false;
  if (!hasFailure) failure = !success;
  if (!hasSuccess) success = !failure;
  if (failure) return "Failed";
  return success ? "Successful" : "Inconclusive";
}
