import type { Freight } from "../../../domain/types.js";
import { evaluateExpression, parseExpression } from "../../../domain/expressions/index.js";
import { promotionFunctions } from "../promotion-runner/promotion-functions.js";

/**
 * Whether a Warehouse's `freightCreationCriteria.expression` allows Freight of these artifacts:
 * true when there is no expression. The expression sees the candidate through Kargo's Freight
 * functions — `imageFrom(repoURL).Tag`, `commitFrom(repoURL).Message`, `chartFrom(repoURL).Version`
 * — and must yield a boolean. A string is returned (the problem) when it does not parse, fails, or
 * yields something else, so the Warehouse can say why no Freight was made.
 */
export function freightCriteriaMet(expression: string | undefined, candidate: Pick<Freight, "commits" | "images" | "charts">): boolean | string {
  if (!expression || expression.trim() === "") return true;
  try {
    const value = evaluateExpression(parseExpression(expression), promotionFunctions({ metadata: {}, ...candidate }), expression);
    if (typeof value === "boolean") return value;
    return `freightCreationCriteria.expression yielded ${JSON.stringify(value)}, not a boolean`;
  } catch (error) {
    return `freightCreationCriteria.expression: ${(error as Error).message}`;
  }
}
