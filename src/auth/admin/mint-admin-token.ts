import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { MIN_ADMIN_SIGNING_KEY_BYTES, type AdminTokenOptions } from "./admin-token-options.js";

/** A freshly signed admin token and when it expires. */
export interface MintedAdminToken {
  readonly token: string;
  readonly expiresAt: Date;
}

/**
 * Signs an admin token: an HS256 JWT with iss, aud (a single string), sub "admin", iat, nbf = now,
 * exp = now + TTL and a random jti, as Kargo's admin tokens are.
 */
export async function mintAdminToken(options: AdminTokenOptions, now: Date = new Date()): Promise<MintedAdminToken> {
  if (options.signingKey.byteLength < MIN_ADMIN_SIGNING_KEY_BYTES) {
    throw new Error(`admin token signing key must be at least ${MIN_ADMIN_SIGNING_KEY_BYTES} bytes`);
  }
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + options.ttlSeconds;
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setSubject("admin")
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(exp)
    .setJti(randomUUID())
    .sign(options.signingKey);
  return { token, expiresAt: new Date(exp * 1000) };
}
