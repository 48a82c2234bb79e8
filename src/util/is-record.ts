/** True for a plain object with string keys: not null, not an array (JSON's "object"). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
