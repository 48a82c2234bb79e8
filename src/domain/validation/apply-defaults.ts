import type { Schema } from "./schema.js";
import { isRecord } from "../../util/is-record.js";

/**
 * Returns a copy of `value` with the schema's defaults filled in where a member is absent or null,
 * inside objects that are present — Kubernetes' CRD defaulting, which runs before validation.
 * Values of the wrong shape are left as they are for validation to report.
 */
export function applyDefaults(schema: Schema, value: unknown): unknown {
  if (schema.type === "object" && isRecord(value)) {
    const result: Record<string, unknown> = { ...value };
    for (const [name, member] of Object.entries(schema.properties ?? {})) {
      const current = result[name];
      if ((current === undefined || current === null) && member.default !== undefined) {
        result[name] = structuredClone(member.default);
      } else if (current !== undefined && current !== null) {
        result[name] = applyDefaults(member, current);
      }
    }
    if (schema.values) {
      for (const [key, member] of Object.entries(result)) {
        if (!schema.properties?.[key] && member !== null && member !== undefined) result[key] = applyDefaults(schema.values, member);
      }
    }
    return result;
  }
  if (schema.type === "array" && Array.isArray(value)) return value.map((item) => applyDefaults(schema.items, item));
  return value;
}
