import { jwtVerify, type CryptoKey } from "jose";
import type { AdminIdentity } from "../identity.js";
import type { AdminTokenOptions } from "./admin-token-options.js";

// The server signs and checks its own tokens; only clock skew between replicas needs tolerating.
const CLOCK_TOLERANCE_SECONDS = 10;

/** Verifies one admin token; throws on any failure. */
export type AdminTokenVerifier = (token: string) => Promise<AdminIdentity>;

/**
 * Creates the admin token verifier: HS256 only (an `alg` other than HS256 — "none", RS256 with a
 * public key used as HMAC secret — is refused), the server's key, iss, aud, sub "admin", and exp/nbf
 * with a small leeway. Unknown critical headers are refused by jose.
 *
 * The HMAC key is imported into WebCrypto once, on first use, and reused: jose 6 imports a raw
 * `Uint8Array` (and a secret `KeyObject`, which it exports back to bytes) on every verification,
 * which was the largest cost of an authenticated call. `now` (epoch ms) is for tests.
 */
export function createAdminTokenVerifier(options: AdminTokenOptions, now: () => number = Date.now): AdminTokenVerifier {
  let key: Promise<CryptoKey> | undefined;
  const hmacKey = () => {
    key ??= crypto.subtle.importKey("raw", new Uint8Array(options.signingKey), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]).catch((error: unknown) => {
      key = undefined;
      throw error;
    });
    return key;
  };
  return async (token) => {
    const { payload } = await jwtVerify(token, await hmacKey(), {
      algorithms: ["HS256"],
      issuer: options.issuer,
      audience: options.audience,
      subject: "admin",
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ["exp", "iat", "jti"],
      currentDate: new Date(now()),
    });
    return { kind: "admin", subject: "admin", expiresAt: new Date((payload.exp as number) * 1000) };
  };
}

/** Verifies one admin token with {@link createAdminTokenVerifier}'s rules (imports the key each time). */
export function verifyAdminToken(token: string, options: AdminTokenOptions): Promise<AdminIdentity> {
  return createAdminTokenVerifier(options)(token);
}
