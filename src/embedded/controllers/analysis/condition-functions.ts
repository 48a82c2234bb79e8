import type { ExpressionFunction } from "../../../domain/expressions/index.js";

/**
 * The functions Argo Rollouts offers in `successCondition` / `failureCondition` besides the
 * expression language's own: `asInt` and `asFloat` (a string result as a number), `isNaN`, `isInf`
 * and `default(value, fallback)` (fallback when value is nil or NaN).
 */
export const CONDITION_FUNCTIONS: Readonly<Record<string, ExpressionFunction>> = Object.freeze({
  asInt: (value: unknown) => {
    const number = typeof value === "number" ? value : Number.parseInt(String(value), 10);
    if (!Number.isFinite(number) || (typeof value === "string" && !/^\s*[-+]?\d+\s*$/.test(value)))
      throw new Error(`cannot convert ${JSON.stringify(value)} to an integer`);
    return Math.trunc(number);
  },
  asFloat: (value: unknown) => {
    const number = typeof value === "number" ? value : Number(String(value).trim());
    if (typeof value !== "number" && (String(value).trim() === "" || Number.isNaN(number)))
      throw new Error(`cannot convert ${JSON.stringify(value)} to a float`);
    return number;
  },
  isNaN: (value: unknown) => typeof value === "number" && Number.isNaN(value),
  isInf: (value: unknown) => value === Infinity || value === -Infinity,
  default: (value: unknown, fallback: unknown) =>
    value === null || value === undefined || (typeof value === "number" && Number.isNaN(value)) ? fallback : value,
});
