import { ScalarType, toJsonString, type DescField, type DescMessage, type Message } from "@bufbuild/protobuf";
import { cachedJsonEncoding } from "./cached-json-encoding.js";
import { alone, isMessageOf, isRecordOf, messageHolders, oneofValue } from "./message-fields.js";

/**
 * How deep into a response shared messages are looked for, as for binary (with-cached-encodings.ts):
 * a List response's items (1), a QueryFreight group's Freight (map value → list element: 2), one
 * more for safety. Deeper levels are parts of one object, cached whole or not at all.
 */
const MAX_DEPTH = 3;

/** UTF-8 pieces of a JSON text being assembled, and whether any came from the cache. */
interface Assembly {
  readonly parts: Uint8Array[];
  cached: boolean;
}

const utf8 = (text: string): Uint8Array => Buffer.from(text, "utf8");
const OPEN_OBJECT = utf8("{");
const CLOSE_OBJECT = utf8("}");
const OPEN_ARRAY = utf8("[");
const CLOSE_ARRAY = utf8("]");
const COMMA = utf8(",");
const COLON = utf8(":");
const EMPTY_OBJECT = utf8("{}");

/**
 * The UTF-8 bytes of `toJsonString(schema, message)` (protobuf-es's default write options), spliced
 * from each shared message's cached JSON (cached-json-encoding.ts) and the rest of the message
 * written by protobuf-es field by field; undefined when `message` holds no shared message (nothing
 * to gain: the caller lets connect-es encode it).
 *
 * Byte-identical because it follows toJson's own layout: an object's keys are its set fields in
 * field-number order, by JSON name; a message field's value is that message's JSON; a repeated
 * field's is an array, omitted when empty; a map's an object in the map's key order, omitted when
 * empty; JSON.stringify without indentation puts nothing between tokens. Well-known types (their
 * own JSON forms) and everything that is not a message are written by protobuf-es itself.
 */
export function splicedJson(schema: DescMessage, message: Message): Uint8Array | undefined {
  if (!isMessageOf(schema, message)) return undefined;
  const assembly: Assembly = { parts: [], cached: false };
  writeInto(assembly, schema, message, MAX_DEPTH);
  return assembly.cached ? Buffer.concat(assembly.parts) : undefined;
}

function writeInto(a: Assembly, schema: DescMessage, message: Message, depth: number): void {
  const cached = cachedJsonEncoding(schema, message);
  if (cached !== undefined) {
    a.cached = true;
    a.parts.push(cached);
    return;
  }
  const fieldsInOrder = messageHolders(schema);
  if (depth === 0 || fieldsInOrder === undefined) {
    a.parts.push(utf8(toJsonString(schema, message)));
    return;
  }
  const fields = message as unknown as Record<string, unknown>;
  let first = true;
  /** Opens the object, or separates from the member before; then `bytes` (a key, or a whole member). */
  const member = (bytes: Uint8Array) => {
    a.parts.push(first ? OPEN_OBJECT : COMMA, bytes);
    first = false;
  };
  for (const field of fieldsInOrder) {
    if (!Object.hasOwn(fields, field.oneof === undefined ? field.localName : field.oneof.localName)) continue;
    const value = field.oneof === undefined ? fields[field.localName] : oneofValue(fields[field.oneof.localName], field);
    if (value === undefined) continue;
    if (field.fieldKind === "message" && isMessageOf(field.message, value)) {
      member(keyOf(field));
      writeInto(a, field.message, value, depth - 1);
    } else if (field.fieldKind === "list" && field.listKind === "message" && Array.isArray(value) && value.every((v) => isMessageOf(field.message, v))) {
      if (value.length === 0) continue; // toJson leaves empty lists out
      member(keyOf(field));
      a.parts.push(OPEN_ARRAY);
      (value as Message[]).forEach((item, i) => {
        if (i > 0) a.parts.push(COMMA);
        writeInto(a, field.message, item, depth - 1);
      });
      a.parts.push(CLOSE_ARRAY);
    } else if (field.fieldKind === "map" && field.mapKind === "message" && field.mapKey === ScalarType.STRING && isRecordOf(field.message, value)) {
      const keys = Object.keys(value);
      if (keys.length === 0) continue; // toJson leaves empty maps out
      member(keyOf(field));
      keys.forEach((k, i) => {
        a.parts.push(i > 0 ? COMMA : OPEN_OBJECT, utf8(JSON.stringify(k)), COLON);
        writeInto(a, field.message, value[k]!, depth - 1);
      });
      a.parts.push(CLOSE_OBJECT);
    } else {
      // Anything else (scalars, enums, JSON-valued fields, oneof scalars): protobuf-es writes it,
      // alone in an otherwise empty message of the schema, and its one member is copied.
      const text = toJsonString(schema, alone(schema, field, fields));
      if (text === "{}") continue; // a default value: toJson leaves it out
      member(utf8(text.slice(1, -1)));
    }
  }
  a.parts.push(first ? EMPTY_OBJECT : CLOSE_OBJECT);
}

/** Per field: its JSON key and colon (`"jsonName":`), written for every message holding it. */
const keys = new WeakMap<DescField, Uint8Array>();

function keyOf(field: DescField): Uint8Array {
  let bytes = keys.get(field);
  if (bytes === undefined) {
    bytes = utf8(`${JSON.stringify(field.jsonName)}:`);
    keys.set(field, bytes);
  }
  return bytes;
}
