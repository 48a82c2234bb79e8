import { create, type DescField, type DescMessage, type Message } from "@bufbuild/protobuf";

// Reading a response message field by field, for the encoders that splice cached encodings
// (with-cached-encodings.ts: binary, spliced-json.ts: JSON).

/** A message of `schema` with only `field` set, as in `fields` (a oneof member: the whole oneof). */
export function alone(schema: DescMessage, field: DescField, fields: Record<string, unknown>): Message {
  const only = create(schema) as unknown as Record<string, unknown>;
  const name = field.oneof === undefined ? field.localName : field.oneof.localName;
  only[name] = fields[name];
  return only as unknown as Message;
}

export function oneofValue(selected: unknown, field: DescField): unknown {
  const s = selected as { case?: string; value?: unknown } | undefined;
  if (s?.case !== field.localName) return undefined;
  // A message member is encoded like a singular message field; others go through `alone`.
  return field.fieldKind === "message" ? s.value : selected;
}

function holdsMessages(field: DescField): boolean {
  return (
    field.fieldKind === "message" || (field.fieldKind === "list" && field.listKind === "message") || (field.fieldKind === "map" && field.mapKind === "message")
  );
}

/**
 * A protobuf-es message of `schema`. Struct and Value fields hold plain JSON and wrapper fields
 * primitives in protobuf-es: those are not, and go through toBinary as they are.
 */
export function isMessageOf(schema: DescMessage, value: unknown): value is Message {
  return typeof value === "object" && value !== null && (value as Message).$typeName === schema.typeName;
}

export function isRecordOf(schema: DescMessage, value: unknown): value is Record<string, Message> {
  return typeof value === "object" && value !== null && Object.values(value).every((v) => isMessageOf(schema, v));
}

/**
 * Per schema: its fields in field-number order (the order of both toBinary and toJson) when some
 * can hold messages, else undefined. Well-known types have forms of their own (a Timestamp is a
 * string in JSON): undefined, protobuf-es encodes them whole. One cache for both encoders.
 */
const fieldOrder = new WeakMap<DescMessage, readonly DescField[] | undefined>();

export function messageHolders(schema: DescMessage): readonly DescField[] | undefined {
  if (fieldOrder.has(schema)) return fieldOrder.get(schema);
  const ordered =
    !schema.typeName.startsWith("google.protobuf.") && schema.fields.some(holdsMessages) ? [...schema.fields].sort((x, y) => x.number - y.number) : undefined;
  fieldOrder.set(schema, ordered);
  return ordered;
}
