import type { ExpressionFunction } from "./evaluate-expression.js";
import { DurationValue, TIME_FUNCTIONS, TimeValue } from "./time-values.js";

/**
 * Functions every expression can call, whatever it is evaluated for:
 * - `quote(v)`: v as a string (strings unchanged, other values as JSON), so a whole-string
 *   expression whose value is a number or boolean yields a string instead (Kargo's use of it);
 * - `len(v)`: length of a string, array or map;
 * - `string(v)`: like quote;
 * - expr-lang's `date()`, `now()`, `duration()` (see time-values.ts).
 */
export const STANDARD_FUNCTIONS: Readonly<Record<string, ExpressionFunction>> = Object.freeze({
  ...TIME_FUNCTIONS,
  quote: (value: unknown) => toText(value),
  string: (value: unknown) => toText(value),
  len: (value: unknown) => {
    if (typeof value === "string" || Array.isArray(value)) return value.length;
    if (value !== null && typeof value === "object") return Object.keys(value).length;
    throw new Error("len needs a string, array or map");
  },
});

/** The text form of a value when interpolated into a string: nil is empty, objects are JSON. */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof TimeValue || value instanceof DurationValue) return value.toJSON();
  return JSON.stringify(value);
}
