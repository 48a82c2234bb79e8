import { hash } from "node:crypto";

/**
 * The key under which a bearer token's verifications and decisions are cached: a SHA-256 digest of
 * the whole token, so a token differing in any byte misses and no cache ever holds a token.
 * (`hash` is the one-shot form of createHash: no Hash object per call, ~0.3 µs less on every
 * authenticated call.)
 */
export function tokenDigest(token: string): string {
  return hash("sha256", token, "base64url");
}
