import { isRecord } from "./is-record.js";

/** An opaque token carrying `fields`: base64url of their JSON (page and continue tokens). */
export function encodeJsonToken(fields: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(fields)).toString("base64url");
}

/**
 * The fields of a token from {@link encodeJsonToken}; none (an empty object) when it is not
 * base64url JSON of an object, so the caller's field checks reject it.
 */
export function decodeJsonToken(token: string): Record<string, unknown> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    return {};
  }
  return isRecord(decoded) ? decoded : {};
}
