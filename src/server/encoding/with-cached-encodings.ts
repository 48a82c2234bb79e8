import { create, ScalarType, toBinary, type DescMessage, type Message } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { cachedEncoding } from "./cached-encoding.js";
import { eventKey } from "./event-key.js";
import { alone, isMessageOf, isRecordOf, messageHolders, oneofValue } from "./message-fields.js";
import { standInOf } from "./stand-in-of.js";

/**
 * How deep into a response shared messages are looked for: a List response's items (1), a
 * QueryFreight group's Freight (map value → list element: 2), one more for safety. Deeper levels are
 * parts of one object, which is cached whole or not at all.
 */
const MAX_DEPTH = 3;

/**
 * An encoding being assembled: byte chunks, and numbers, each written as a varint (a record's tag
 * and length, so no small array is made per record); and whether any chunk came from the cache.
 */
interface Assembly {
  readonly parts: (Uint8Array | number)[];
  cached: boolean;
}

/**
 * `message` ready for connect-es to send in protobuf binary: when it holds shared messages
 * (src/kube/to-message.ts), a stand-in whose encoding is `toBinary(schema, message)` byte for byte,
 * assembled from each shared message's cached encoding (a repeated or map field is the
 * concatenation of its elements' records: tag, length, bytes) with one copy; otherwise `message`
 * itself. Nothing is changed in place.
 */
export function withCachedEncodings(schema: DescMessage, message: Message): Message {
  if (!isMessageOf(schema, message)) return message;
  const event = eventKey(schema, message);
  const known = event && eventStandIns.get(event.shared)?.get(event.key);
  if (known !== undefined) return known;
  const assembly: Assembly = { parts: [], cached: false };
  encodeInto(assembly, schema, message, MAX_DEPTH);
  if (!assembly.cached) return message;
  const standIn = standInOf(schema, concat(assembly.parts));
  if (event !== undefined) {
    let byKey = eventStandIns.get(event.shared);
    if (byKey === undefined) eventStandIns.set(event.shared, (byKey = new Map()));
    byKey.set(event.key, standIn);
  }
  return standIn;
}

/**
 * Stand-ins of event responses (eventKey: one shared message and scalars), per shared message and
 * key. One watch event reaches N streams as N equal response messages: the first is assembled, the
 * other N - 1 get its stand-in (which connect-es only reads), so the event is encoded once for all
 * (issue 18: watch fan-out). Weak, so they leave with the object's version; a version has few
 * (its ADDED and MODIFIED events, a DELETED).
 */
const eventStandIns = new WeakMap<Message, Map<string, Message>>();

/** Appends the encoding of `message` (= toBinary) to `a.parts`; returns its length. */
function encodeInto(a: Assembly, schema: DescMessage, message: Message, depth: number): number {
  const cached = cachedEncoding(schema, message);
  if (cached !== undefined) {
    a.cached = true;
    a.parts.push(cached);
    return cached.byteLength;
  }
  const fieldsInOrder = messageHolders(schema);
  if (depth === 0 || fieldsInOrder === undefined) return push(a, toBinary(schema, message));
  let length = 0;
  const fields = message as unknown as Record<string, unknown>;
  // toBinary writes known fields in field-number order, then unknown fields: the same here.
  for (const field of fieldsInOrder) {
    // Not an own property: unset (explicit presence keeps defaults on the prototype), not written.
    if (!Object.hasOwn(fields, field.oneof === undefined ? field.localName : field.oneof.localName)) continue;
    const value = field.oneof === undefined ? fields[field.localName] : oneofValue(fields[field.oneof.localName], field);
    if (value === undefined) continue;
    if (field.fieldKind === "message" && isMessageOf(field.message, value)) {
      length += encodeRecord(a, field.number, (b) => encodeInto(b, field.message, value, depth - 1));
    } else if (field.fieldKind === "list" && field.listKind === "message" && Array.isArray(value) && value.every((v) => isMessageOf(field.message, v))) {
      for (const item of value as Message[]) length += encodeRecord(a, field.number, (b) => encodeInto(b, field.message, item, depth - 1));
    } else if (field.fieldKind === "map" && field.mapKind === "message" && field.mapKey === ScalarType.STRING && isRecordOf(field.message, value)) {
      for (const [key, item] of Object.entries(value)) {
        // A map entry is a message { key = 1; value = 2 }.
        length += encodeRecord(
          a,
          field.number,
          (b) =>
            push(b, new BinaryWriter().tag(1, WireType.LengthDelimited).string(key).finish()) +
            encodeRecord(b, 2, (c) => encodeInto(c, field.message, item, depth - 1)),
        );
      }
    } else {
      // Anything else (scalars, enums, JSON-valued fields, oneof scalars): protobuf-es writes it,
      // alone in an otherwise empty message of the schema.
      length += push(a, toBinary(schema, alone(schema, field, fields)));
    }
  }
  if (message.$unknown !== undefined && message.$unknown.length > 0) {
    const unknownOnly = create(schema) as Message;
    unknownOnly.$unknown = message.$unknown;
    length += push(a, toBinary(schema, unknownOnly));
  }
  return length;
}

/**
 * Appends tag + length + the bytes `body` appends; returns the record's length. Tag (field number,
 * length-delimited) and length are varints, as protobuf-es writes them before a message field.
 */
function encodeRecord(a: Assembly, fieldNo: number, body: (b: Assembly) => number): number {
  const tag = ((fieldNo << 3) | WireType.LengthDelimited) >>> 0;
  const lengthAt = a.parts.length + 1;
  a.parts.push(tag, 0); // the length is known once the body is
  const bodyLength = body(a);
  a.parts[lengthAt] = bodyLength;
  return varintSize(tag) + varintSize(bodyLength) + bodyLength;
}

function varintSize(value: number): number {
  let size = 1;
  for (let v = value; v > 0x7f; v >>>= 7) size++;
  return size;
}

function push(a: Assembly, bytes: Uint8Array): number {
  a.parts.push(bytes);
  return bytes.byteLength;
}

/** The parts in one buffer, the numbers written as varints. */
function concat(parts: readonly (Uint8Array | number)[]): Uint8Array {
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only instanceof Uint8Array) return only;
  let size = 0;
  for (const part of parts) size += typeof part === "number" ? varintSize(part) : part.byteLength;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const part of parts) {
    if (typeof part !== "number") {
      out.set(part, at);
      at += part.byteLength;
      continue;
    }
    let v = part;
    while (v > 0x7f) {
      out[at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    out[at++] = v;
  }
  return out;
}
