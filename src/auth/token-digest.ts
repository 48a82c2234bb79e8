import { createHash } from "node:crypto";

/**
 * The key under which a bearer token's verifications and decisions are cached: a SHA-256 digest of
 * the whole token, so a token differing in any byte misses and no cache ever holds a token.
 */
export function tokenDigest(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
