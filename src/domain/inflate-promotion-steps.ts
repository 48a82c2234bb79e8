import { PromotionBuildError } from "./promotion-build-error.js";
import type { PromotionStep, PromotionTask, PromotionVariable } from "./types.js";

/** Separates a task step's alias from the alias of one of the task's own steps (`deploy::step-0`). */
export const TASK_ALIAS_SEPARATOR = "::";

/** Finds a PromotionTask (namespaced, in the Promotion's project) or a ClusterPromotionTask. */
export type PromotionTaskLookup = (kind: "PromotionTask" | "ClusterPromotionTask", name: string) => PromotionTask | undefined;

/** A step's alias: its `as`, else `step-<index>` (Kargo's `GetAlias`). */
export function stepAlias(step: PromotionStep, index: number): string {
  return step.as !== undefined && step.as !== "" ? step.as : `step-${index}`;
}

/**
 * Replaces every step that references a (Cluster)PromotionTask with that task's steps, as Kargo's
 * promotion builder does (`InflateSteps`):
 * - a task step with alias A (its `as`, else `step-<i>`) becomes the task's steps, each aliased
 *   `A::<inner alias>` (inner alias: its `as`, else `step-<j>`), so aliases stay unique;
 * - each inflated step's `vars` are the task's variables followed by its own: a task variable is
 *   included with its default value unless the Promotion's `vars` set it (non-empty), and one
 *   without default must be given by the referencing step's `vars` (else "missing value for
 *   variable"); the referencing step's `vars` follow the task's;
 * - `task.kind` "" or "PromotionTask" is looked up in the project, "ClusterPromotionTask" cluster-wide.
 * Like Kargo, the referencing step's own `if`, `continueOnError` and `retry` are not carried to the
 * inflated steps; a task's steps referencing further tasks are refused (Kargo's CRD forbids it).
 */
export function inflatePromotionSteps(
  steps: readonly PromotionStep[],
  promotionVars: readonly PromotionVariable[],
  lookup: PromotionTaskLookup,
): PromotionStep[] {
  const inflated: PromotionStep[] = [];
  steps.forEach((step, index) => {
    if (step.task === undefined) {
      inflated.push(step);
      return;
    }
    const alias = stepAlias(step, index);
    const kind = step.task.kind === "ClusterPromotionTask" ? "ClusterPromotionTask" : "PromotionTask";
    const task = lookup(kind, step.task.name);
    if (task === undefined) {
      throw new PromotionBuildError("task-not-found", `step "${alias}" references ${kind} "${step.task.name}", which does not exist`);
    }
    const vars = taskVariables(task.spec?.vars ?? [], promotionVars, step.vars ?? [], alias, step.task.name);
    (task.spec?.steps ?? []).forEach((taskStep, taskIndex) => {
      if (taskStep.task !== undefined) {
        throw new PromotionBuildError("task-invalid", `${kind} "${step.task!.name}" step ${taskIndex} references another task, which is not allowed`);
      }
      inflated.push({
        ...structuredClone(taskStep),
        as: `${alias}${TASK_ALIAS_SEPARATOR}${stepAlias(taskStep, taskIndex)}`,
        vars: [...vars, ...(taskStep.vars ?? [])],
      });
    });
  });
  return inflated;
}

/** Kargo's `promotionTaskVarsToStepVars`: task defaults not overridden by the Promotion, then the step's vars. */
function taskVariables(
  taskVars: readonly PromotionVariable[],
  promotionVars: readonly PromotionVariable[],
  stepVars: readonly PromotionVariable[],
  alias: string,
  taskName: string,
): PromotionVariable[] {
  const setOnPromotion = new Set(promotionVars.filter((v) => v.value !== undefined && v.value !== "").map((v) => v.name));
  const setOnStep = new Set(stepVars.filter((v) => v.value !== undefined && v.value !== "").map((v) => v.name));
  const vars: PromotionVariable[] = [];
  for (const variable of taskVars) {
    if (setOnPromotion.has(variable.name)) continue;
    if (variable.value !== undefined && variable.value !== "") {
      vars.push({ ...variable });
      continue;
    }
    if (!setOnStep.has(variable.name)) {
      throw new PromotionBuildError("missing-variable", `step "${alias}" (task "${taskName}"): missing value for variable "${variable.name}"`);
    }
  }
  return [...vars, ...stepVars.map((v) => ({ ...v }))];
}
