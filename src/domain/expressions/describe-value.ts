import { DurationValue, TimeValue } from "./time-values.js";

/** A short description of a value for error messages: its type and, when small, the value. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "nil";
  if (typeof value === "string") return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${String(value)}`;
  if (typeof value === "function") return "function";
  if (value instanceof TimeValue) return `time ${value.toJSON()}`;
  if (value instanceof DurationValue) return `duration ${value.toJSON()}`;
  if (Array.isArray(value)) return `array of ${value.length}`;
  return "map";
}
