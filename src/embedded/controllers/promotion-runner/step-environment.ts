import { TASK_ALIAS_SEPARATOR } from "../../../domain/inflate-promotion-steps.js";
import type { Freight, Promotion, PromotionVariable } from "../../../domain/types.js";
import { evaluateTemplate, type ExpressionEnvironment } from "../../../domain/expressions/index.js";
import { promotionFunctions } from "./promotion-functions.js";
import type { StepExecutionMetadata } from "./step-outcome.js";

/** What expressions of one promotion can see, before a step adds its own vars. */
export interface PromotionScope {
  promotion: Promotion;
  freight: Freight;
  /** The promotion's evaluated `spec.vars`. */
  vars: Record<string, unknown>;
  /** Outputs of the steps run so far, by alias. */
  outputs: Record<string, Record<string, unknown>>;
  /** Steps so far, for status(), success() and failure(). */
  metadata: StepExecutionMetadata[];
  /** Whether a step not marked continueOnError has failed. */
  failed: boolean;
}

/**
 * The expression environment of a step, as Kargo offers it: `ctx` (project, stage, promotion,
 * targetFreight), `vars` (the promotion's, then the step's own), `outputs` (every earlier step by
 * alias), `task.outputs` (earlier steps of the same PromotionTask by their alias inside it), the
 * Freight functions, and the step-condition functions `success()`, `failure()`, `always()` and
 * `status(alias)`.
 */
export function stepEnvironment(scope: PromotionScope, alias: string, stepVars: Record<string, unknown> = {}): ExpressionEnvironment {
  const { promotion, freight } = scope;
  const separator = alias.lastIndexOf(TASK_ALIAS_SEPARATOR);
  const taskPrefix = separator >= 0 ? alias.slice(0, separator + TASK_ALIAS_SEPARATOR.length) : undefined;
  const taskOutputs: Record<string, unknown> = {};
  if (taskPrefix) {
    for (const [key, value] of Object.entries(scope.outputs)) {
      if (key.startsWith(taskPrefix)) taskOutputs[key.slice(taskPrefix.length)] = value;
    }
  }
  return {
    ctx: {
      project: promotion.metadata.namespace ?? "",
      stage: promotion.spec.stage,
      promotion: promotion.metadata.name ?? "",
      targetFreight: { name: freight.metadata.name ?? "", origin: { name: freight.origin?.name ?? "" } },
      meta: { promotion: { actor: promotion.metadata.annotations?.["kargo.akuity.io/create-actor"] ?? "" } },
    },
    vars: { ...scope.vars, ...stepVars },
    outputs: scope.outputs,
    task: { outputs: taskOutputs },
    ...promotionFunctions(freight),
    success: () => !scope.failed,
    failure: () => scope.failed,
    always: () => true,
    status: (name: unknown) => scope.metadata.find((entry) => entry.alias === name)?.status ?? "",
  };
}

/**
 * Evaluates `{name, value}` variables in order, each seeing those before it (Kargo lets a variable
 * use an earlier one): returns them as a map on top of `base`.
 */
export function evaluateVariables(
  variables: readonly PromotionVariable[],
  base: Record<string, unknown>,
  environment: (vars: Record<string, unknown>) => ExpressionEnvironment,
): Record<string, unknown> {
  const vars = { ...base };
  for (const variable of variables) {
    vars[variable.name] = evaluateTemplate(variable.value ?? "", environment(vars));
  }
  return vars;
}
