import { rfc3339 } from "../../../util/rfc3339.js";

/**
 * A schema-driven protobuf reader, just enough to turn the protobuf request bodies that kubectl's
 * typed clients send (`Content-Type: application/vnd.kubernetes.protobuf`) into the JSON form
 * of the same Kubernetes object. Unknown fields are skipped, as protobuf requires.
 */

/** How one field is read and what its JSON looks like. */
export type FieldKind = "string" | "bytes" | "int" | "bool" | "time" | MessageSchema | { map: "string" | "bytes" | MessageSchema };

/** A field: its JSON name, its kind, and whether it repeats (a JSON array). */
export type FieldSpec = readonly [name: string, kind: FieldKind, repeated?: "repeated"];

/** A message: field number → field. */
export interface MessageSchema {
  readonly [fieldNumber: number]: FieldSpec;
}

class Reader {
  offset = 0;
  constructor(readonly buffer: Buffer) {}

  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (this.offset >= this.buffer.length) throw new Error("truncated varint");
      const byte = this.buffer[this.offset++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      if (shift > 63n) throw new Error("varint too long");
    }
  }

  bytes(): Buffer {
    const length = Number(this.varint());
    if (this.offset + length > this.buffer.length) throw new Error("truncated length-delimited field");
    const value = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.offset += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.offset += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
}

function readValue(kind: Exclude<FieldKind, { map: unknown }>, reader: Reader, wireType: number): unknown {
  if (kind === "string") return reader.bytes().toString("utf8");
  // JSON carries bytes as base64, as Kubernetes' JSON encoding of []byte does.
  if (kind === "bytes") return reader.bytes().toString("base64");
  if (kind === "int") return Number(BigInt.asIntN(64, reader.varint()));
  if (kind === "bool") return reader.varint() !== 0n;
  if (kind === "time") {
    const time = readMessage({ 1: ["seconds", "int"] }, reader.bytes()) as { seconds?: number };
    return rfc3339(new Date((time.seconds ?? 0) * 1000));
  }
  if (wireType !== 2) throw new Error("expected an embedded message");
  return readMessage(kind, reader.bytes());
}

/** Decodes `buffer` as a message of `schema` into its JSON object. */
export function readMessage(schema: MessageSchema, buffer: Buffer): Record<string, unknown> {
  const reader = new Reader(buffer);
  const out: Record<string, unknown> = {};
  while (reader.offset < buffer.length) {
    const key = Number(reader.varint());
    const fieldNumber = key >>> 3;
    const wireType = key & 7;
    const spec = schema[fieldNumber];
    if (!spec) {
      reader.skip(wireType);
      continue;
    }
    const [name, kind, repeated] = spec;
    if (typeof kind === "object" && "map" in kind) {
      const entry = readMessage({ 1: ["key", "string"], 2: ["value", kind.map as Exclude<FieldKind, { map: unknown }>] }, reader.bytes());
      const map = (out[name] ??= {}) as Record<string, unknown>;
      map[String(entry["key"] ?? "")] = entry["value"] ?? (kind.map === "string" || kind.map === "bytes" ? "" : {});
      continue;
    }
    if (repeated && wireType === 2 && (kind === "int" || kind === "bool")) {
      // Packed repeated scalars.
      const packed = new Reader(reader.bytes());
      const list = (out[name] ??= []) as unknown[];
      while (packed.offset < packed.buffer.length) list.push(readValue(kind, packed, 0));
      continue;
    }
    const value = readValue(kind, reader, wireType);
    if (repeated) ((out[name] ??= []) as unknown[]).push(value);
    else out[name] = value;
  }
  return out;
}
