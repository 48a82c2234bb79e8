import type { DescMessage, Message } from "@bufbuild/protobuf";
import { preEncodedMessage } from "./pre-encoded-message.js";

/**
 * How deep into a response shared messages are looked for: a List response's items (1), a
 * QueryFreight group's Freight (map value → list element: 2), one more for safety. Deeper levels are
 * parts of one object, which is cached whole or not at all.
 */
const MAX_DEPTH = 3;

/**
 * `message` with every shared message in it (src/kube/to-message.ts) replaced by its pre-encoded
 * stand-in, so that `toBinary(schema, result)` equals `toBinary(schema, message)` byte for byte but
 * writes each object's cached encoding instead of encoding it again (a protobuf repeated or map
 * field is just the concatenation of its elements' records). Nothing is changed in place: parts
 * holding a stand-in are shallow copies; a message without shared parts is returned as it is.
 */
export function withCachedEncodings(schema: DescMessage, message: Message, depth = MAX_DEPTH): Message {
  // Not a message of this schema: protobuf-es holds google.protobuf.Struct / Value fields as plain
  // JSON and wrapper fields as primitives. Nothing cached lives there.
  if (typeof message !== "object" || message === null || message.$typeName !== schema.typeName) return message;
  const standIn = preEncodedMessage(schema, message);
  if (standIn !== undefined) return standIn;
  if (depth === 0) return message;
  let copy: Record<string, unknown> | undefined;
  const fields = message as unknown as Record<string, unknown>;
  for (const field of schema.fields) {
    if (field.oneof !== undefined) {
      // A oneof member sits in { case, value } under the oneof's name (GetStage's `stage` or `raw`).
      const selected = fields[field.oneof.localName] as { case: string | undefined; value?: unknown };
      if (field.fieldKind !== "message" || selected.case !== field.localName) continue;
      const replacedValue = withCachedEncodings(field.message, selected.value as Message, depth - 1);
      if (replacedValue !== selected.value) (copy ??= {})[field.oneof.localName] = { case: selected.case, value: replacedValue };
      continue;
    }
    const value = fields[field.localName];
    let replaced: unknown = value;
    if (field.fieldKind === "message" && value !== undefined) {
      replaced = withCachedEncodings(field.message, value as Message, depth - 1);
    } else if (field.fieldKind === "list" && field.listKind === "message") {
      if (!Array.isArray(value)) continue;
      const items = value as readonly Message[];
      let out: Message[] | undefined;
      for (let i = 0; i < items.length; i++) {
        const item = withCachedEncodings(field.message, items[i], depth - 1);
        if (item !== items[i]) (out ??= items.slice())[i] = item;
      }
      if (out !== undefined) replaced = out;
    } else if (field.fieldKind === "map" && field.mapKind === "message") {
      if (typeof value !== "object" || value === null) continue;
      const entries = value as Record<string, Message>;
      let out: Record<string, Message> | undefined;
      for (const key of Object.keys(entries)) {
        const item = withCachedEncodings(field.message, entries[key], depth - 1);
        if (item !== entries[key]) (out ??= { ...entries })[key] = item;
      }
      if (out !== undefined) replaced = out;
    }
    if (replaced !== value) (copy ??= {})[field.localName] = replaced;
  }
  if (copy === undefined) return message;
  // Same prototype (protobuf-es keeps explicit-presence defaults there), own fields copied.
  return Object.assign(Object.create(Object.getPrototypeOf(message) as object) as Message, message, copy);
}
