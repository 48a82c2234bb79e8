import { jwtVerify } from "jose";
import type { AdminTokenOptions } from "./admin-token-options.js";

/** How long after its expiry an admin token still proves its holder once knew the password. */
export const ADMIN_TOKEN_PROOF_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/**
 * The `jti` of an admin token this server issued under the current password (its key is bound to
 * the password hash, adminTokenKey) — expired up to 30 days ago is fine — or undefined. AdminLogin
 * uses it as the rate-limit key of a client that presents one instead of its address (OWASP's
 * "device cookie"): only someone who knew the password could hold it, so a guesser behind the same
 * address cannot keep that client out, and it gains nothing the token does not already give.
 */
export async function adminTokenProof(authorization: string | null, options: AdminTokenOptions, now: number): Promise<string | undefined> {
  const match = /^Bearer\s+(\S{1,8192})\s*$/i.exec(authorization ?? "");
  if (!match) return undefined;
  try {
    const { payload } = await jwtVerify(match[1]!, options.signingKey, {
      algorithms: ["HS256"],
      issuer: options.issuer,
      audience: options.audience,
      subject: "admin",
      requiredClaims: ["exp", "iat", "jti"],
      // Expired tokens are the point; a token from the future is not.
      clockTolerance: ADMIN_TOKEN_PROOF_MAX_AGE_SECONDS,
      maxTokenAge: options.ttlSeconds + ADMIN_TOKEN_PROOF_MAX_AGE_SECONDS,
      currentDate: new Date(now),
    });
    if (typeof payload.iat === "number" && payload.iat * 1000 > now + 10_000) return undefined;
    return typeof payload.jti === "string" && payload.jti !== "" ? payload.jti : undefined;
  } catch {
    return undefined;
  }
}
