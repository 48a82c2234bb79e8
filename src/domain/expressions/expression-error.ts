/** Where an expression problem was found: while reading it (syntax) or while computing it. */
export type ExpressionProblem = "syntax" | "evaluation";

/**
 * An expression could not be parsed or evaluated. The message names the expression text, so a
 * promotion that fails on one tells its reader which `${{ … }}` to fix.
 */
export class ExpressionError extends Error {
  override name = "ExpressionError";
  readonly problem: ExpressionProblem;

  constructor(problem: ExpressionProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

/** True when `error` is an ExpressionError. */
export function isExpressionError(error: unknown): error is ExpressionError {
  return error instanceof ExpressionError;
}
