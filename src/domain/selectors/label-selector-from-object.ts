import { labelValueProblems, qualifiedNameProblems } from "../validation/name-rules.js";
import { SelectorParseError } from "./selector-parse-error.js";
import type { LabelRequirement, LabelSelector, LabelSelectorObject } from "./types.js";

const OPERATORS = new Set(["In", "NotIn", "Exists", "DoesNotExist"]);

/**
 * Converts a Kubernetes metav1.LabelSelector (`matchLabels` + `matchExpressions`) to a
 * `LabelSelector` for `matchesLabels`, as Kubernetes' LabelSelectorAsSelector does: a null or
 * undefined selector matches nothing, an empty one (`{}`) matches everything, and all the
 * requirements are ANDed.
 *
 * @throws SelectorParseError on an unknown operator, In/NotIn without values, Exists/DoesNotExist
 *   with values, or an invalid key or value.
 */
export function labelSelectorFromObject(selector: LabelSelectorObject | null | undefined): LabelSelector {
  if (selector === null || selector === undefined) return { requirements: [], nothing: true };
  const text = JSON.stringify(selector);
  const fail = (problem: string): never => {
    throw new SelectorParseError(text, problem);
  };
  const checkKey = (key: string, where: string): void => {
    const problems = qualifiedNameProblems(key);
    if (problems.length > 0) fail(`${where}: invalid label key ${JSON.stringify(key)}: ${problems.join("; ")}`);
  };
  const checkValue = (value: string, where: string): void => {
    const problems = labelValueProblems(value);
    if (problems.length > 0) fail(`${where}: invalid label value ${JSON.stringify(value)}: ${problems.join("; ")}`);
  };

  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    checkKey(key, `matchLabels`);
    checkValue(value, `matchLabels[${key}]`);
    requirements.push({ key, operator: "In", values: [value] });
  }
  (selector.matchExpressions ?? []).forEach((expression, i) => {
    const where = `matchExpressions[${i}]`;
    checkKey(expression.key, where);
    const values = expression.values ?? [];
    if (!OPERATORS.has(expression.operator)) {
      fail(`${where}: ${JSON.stringify(expression.operator)} is not a valid label selector operator (In, NotIn, Exists, DoesNotExist)`);
    }
    const isSet = expression.operator === "In" || expression.operator === "NotIn";
    if (isSet && values.length === 0) fail(`${where}: values must be non-empty for operator ${expression.operator}`);
    if (!isSet && values.length > 0) fail(`${where}: values must be empty for operator ${expression.operator}`);
    for (const v of values) checkValue(v, where);
    requirements.push({ key: expression.key, operator: expression.operator as LabelRequirement["operator"], values: [...values] });
  });
  return { requirements };
}
