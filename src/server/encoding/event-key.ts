import type { DescMessage, Message } from "@bufbuild/protobuf";
import { isSharedMessage } from "../../kube/index.js";

/** A response made of one shared message and scalars, and a key of everything else in it. */
export interface EventKey {
  readonly shared: Message;
  readonly key: string;
}

/**
 * For a response that is one shared message (src/kube/to-message.ts) plus scalar fields — a watch
 * event: type, object, resourceVersion — the shared message and a key naming the response's type
 * and every other field's value, so that two such responses with equal keys and the same shared
 * message encode to the same bytes. Undefined for anything else (two message fields, lists, maps,
 * bytes, floats, a scalar oneof, unknown fields): those are encoded per response as before.
 */
export function eventKey(schema: DescMessage, message: Message): EventKey | undefined {
  if (message.$unknown !== undefined && message.$unknown.length > 0) return undefined;
  const fields = message as unknown as Record<string, unknown>;
  let shared: Message | undefined;
  let key = schema.typeName;
  for (const field of schema.fields) {
    if (field.oneof !== undefined) {
      const selected = fields[field.oneof.localName] as { case?: string; value?: unknown } | undefined;
      if (selected?.case !== field.localName) continue;
      if (field.fieldKind !== "message" || shared !== undefined || !isSharedMessage(selected.value as Message)) return undefined;
      shared = selected.value as Message;
      key += `\0${field.number}`;
      continue;
    }
    if (!Object.hasOwn(fields, field.localName)) continue;
    const value = fields[field.localName];
    if (value === undefined) continue;
    if (field.fieldKind === "message") {
      if (shared !== undefined || !isSharedMessage(value as Message)) return undefined;
      shared = value as Message;
      key += `\0${field.number}`;
    } else if (field.fieldKind === "enum" || field.fieldKind === "scalar") {
      const text = scalarText(value);
      if (text === undefined) return undefined;
      key += `\0${field.number}=${text}`;
    } else {
      return undefined;
    }
  }
  return shared === undefined ? undefined : { shared, key };
}

/** A scalar's value as text that tells every encoding apart; undefined for bytes and non-integers (-0, NaN …). */
function scalarText(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
    case "bigint":
      return String(value);
    case "number":
      return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : undefined;
    default:
      return undefined;
  }
}
