import { evaluateSource } from "../../domain/expressions/index.js";
import type { StepConfig } from "./step-config.js";

/**
 * The `outputs[]` of a *-parse or http step: each `{name, fromExpression}` evaluated (an expression
 * without `${{ }}`) against `env` — the parsed document's top-level keys, or `response` — into an
 * output of that name. A bad expression fails the step naming the output.
 */
export function stepOutputs(config: StepConfig, env: Record<string, unknown>, required = true): Record<string, unknown> {
  const output: Record<string, unknown> = {};
  for (const entry of config.list("outputs", required)) {
    const name = entry.string("name");
    const expression = entry.string("fromExpression");
    try {
      output[name] = evaluateSource(expression, env);
    } catch (error) {
      entry.fail(`fromExpression of output "${name}": ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return output;
}

/** Checks `outputs[]` (each with `name` and `fromExpression`) before any work, so bad config fails first. */
export function checkOutputs(config: StepConfig, required = true): void {
  for (const entry of config.list("outputs", required)) {
    entry.string("name");
    entry.string("fromExpression");
  }
}
