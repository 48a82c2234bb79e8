import { jwtVerify } from "jose";
import type { AdminIdentity } from "../identity.js";
import type { AdminTokenOptions } from "./admin-token-options.js";

// The server signs and checks its own tokens; only clock skew between replicas needs tolerating.
const CLOCK_TOLERANCE_SECONDS = 10;

/**
 * Verifies an admin token: HS256 only (an `alg` other than HS256 — "none", RS256 with a public key
 * used as HMAC secret — is refused), the server's key, iss, aud, sub "admin", and exp/nbf with a
 * small leeway. Unknown critical headers are refused by jose. Throws on any failure.
 */
export async function verifyAdminToken(token: string, options: AdminTokenOptions): Promise<AdminIdentity> {
  const { payload } = await jwtVerify(token, options.signingKey, {
    algorithms: ["HS256"],
    issuer: options.issuer,
    audience: options.audience,
    subject: "admin",
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    requiredClaims: ["exp", "iat", "jti"],
  });
  return { kind: "admin", subject: "admin", expiresAt: new Date((payload.exp as number) * 1000) };
}
