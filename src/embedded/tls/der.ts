/**
 * The few ASN.1 DER encoders a self-signed X.509 certificate needs (ITU-T X.690). Each returns
 * one complete tag-length-value.
 */

function tlv(tag: number, content: Buffer): Buffer {
  const length = content.length;
  if (length < 0x80) return Buffer.concat([Buffer.from([tag, length]), content]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.concat([Buffer.from([tag, 0x80 | bytes.length, ...bytes]), content]);
}

/** SEQUENCE of already-encoded elements. */
export const sequence = (...elements: Buffer[]): Buffer => tlv(0x30, Buffer.concat(elements));
/** SET of already-encoded elements. */
export const set = (...elements: Buffer[]): Buffer => tlv(0x31, Buffer.concat(elements));
/** Context-specific constructed tag [n] (explicit tagging). */
export const explicit = (n: number, element: Buffer): Buffer => tlv(0xa0 | n, element);
/** Context-specific primitive tag [n] (implicit tagging of a primitive value). */
export const implicit = (n: number, content: Buffer): Buffer => tlv(0x80 | n, content);
/** OCTET STRING. */
export const octetString = (content: Buffer): Buffer => tlv(0x04, content);
/** BIT STRING with no unused bits. */
export const bitString = (content: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), content]));
/** BOOLEAN. */
export const boolean = (value: boolean): Buffer => tlv(0x01, Buffer.from([value ? 0xff : 0]));
/** UTF8String. */
export const utf8String = (value: string): Buffer => tlv(0x0c, Buffer.from(value, "utf8"));

/** INTEGER from unsigned big-endian bytes (a leading zero keeps it positive). */
export function unsignedInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return tlv(0x02, trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

/** OBJECT IDENTIFIER from dotted text. */
export function objectIdentifier(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split(".").map(Number) as [number, number, ...number[]];
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) chunk.unshift((value & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime (years 1950–2049) or GeneralizedTime (2050 on), as X.509 validity requires. */
export function time(date: Date): Buffer {
  const iso = date
    .toISOString()
    .replace(/[-:T]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2))) : tlv(0x18, Buffer.from(iso));
}
