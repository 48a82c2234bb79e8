/** Why a Promotion cannot be built for a Stage: the rule that failed, for 422/FAILED_PRECONDITION. */
export type PromotionBuildProblem = "no-steps" | "task-not-found" | "task-invalid" | "missing-variable";

/** A Promotion cannot be built from its Stage's template; `message` names the Stage and the cause. */
export class PromotionBuildError extends Error {
  override name = "PromotionBuildError";
  readonly problem: PromotionBuildProblem;

  constructor(problem: PromotionBuildProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

/** True when `error` is a PromotionBuildError. */
export function isPromotionBuildError(error: unknown): error is PromotionBuildError {
  return error instanceof PromotionBuildError;
}
