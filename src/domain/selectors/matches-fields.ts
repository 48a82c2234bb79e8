import type { FieldSelector } from "./types.js";

/**
 * True when `fields` (field path → value, e.g. `{"metadata.name": "prod"}`) satisfy every
 * requirement. A missing field counts as "" — how Kubernetes sees `metadata.namespace` of a
 * cluster-scoped object.
 */
export function matchesFields(selector: FieldSelector, fields: Readonly<Record<string, string | undefined>>): boolean {
  return selector.requirements.every((r) => {
    const actual = fields[r.field] ?? "";
    return r.operator === "Equals" ? actual === r.value : actual !== r.value;
  });
}
