import type { DescField, DescMessage } from "@bufbuild/protobuf";

/**
 * Reads a dotted field path (generated local names, e.g. "role.metadata.namespace") from a request
 * message, walking the descriptor so that fields inside oneofs are found too. Answers the string
 * or boolean there (a repeated field: whether it is non-empty); undefined when a step is unset or the path does not name a field.
 */
export function readRequestField(schema: DescMessage, message: unknown, path: string): string | boolean | undefined {
  let desc: DescMessage | undefined = schema;
  let value: unknown = message;
  for (const part of path.split(".")) {
    const field: DescField | undefined = desc?.fields.find((f) => f.localName === part);
    if (field === undefined || value === null || typeof value !== "object") {
      return undefined;
    }
    const holder = value as Record<string, unknown>;
    if (field.oneof !== undefined) {
      const selected = holder[field.oneof.localName] as { case?: string; value?: unknown } | undefined;
      value = selected !== undefined && selected.case === field.localName ? selected.value : undefined;
    } else {
      value = holder[field.localName];
    }
    desc = field.fieldKind === "message" ? field.message : undefined;
  }
  // A repeated field reads as whether it has elements (for `onlyWhen`; never a name or namespace).
  if (Array.isArray(value)) return value.length > 0;
  return typeof value === "string" || typeof value === "boolean" ? value : undefined;
}

/** Whether a dotted field path names a field of the schema (used by the table's completeness test). */
export function hasRequestField(schema: DescMessage, path: string): boolean {
  let desc: DescMessage | undefined = schema;
  for (const part of path.split(".")) {
    const field: DescField | undefined = desc?.fields.find((f) => f.localName === part);
    if (field === undefined) {
      return false;
    }
    desc = field.fieldKind === "message" ? field.message : undefined;
  }
  return true;
}
