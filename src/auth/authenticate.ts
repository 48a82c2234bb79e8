import { Code, ConnectError } from "@connectrpc/connect";
import type { AdminTokenOptions } from "./admin/admin-token-options.js";
import { createAdminTokenVerifier } from "./admin/verify-admin-token.js";
import { cacheVerifiedTokens, type VerifiedTokenCacheOptions } from "./cache-verified-tokens.js";
import type { AdminIdentity, Identity, OidcIdentity } from "./identity.js";
import type { TokenReviewer } from "./kubernetes/create-token-reviewer.js";
import type { OidcVerifier } from "./oidc/create-oidc-verifier.js";
import { parseBearerToken } from "./parse-bearer-token.js";
import { tokenDigest } from "./token-digest.js";
import { unverifiedIssuerOf } from "./unverified-issuer-of.js";

/** What {@link createAuthenticate} needs; an absent verifier means that kind of sign-in is off. */
export interface AuthenticateDeps {
  /** Admin token options; undefined when the admin account is disabled. */
  readonly admin?: AdminTokenOptions;
  /** ID-token verifier; undefined when OIDC is disabled. */
  readonly oidc?: OidcVerifier;
  /** TokenReview through the Kubernetes API, for every other token. */
  readonly reviewToken: TokenReviewer;
  /**
   * Reuse of successful admin and OIDC token verifications (cacheVerifiedTokens); off when absent
   * or when `maxAgeMs` is 0. Kubernetes tokens have their own cache (cacheTokenReviews).
   */
  readonly verifiedTokenCache?: Partial<VerifiedTokenCacheOptions>;
  /** Clock (epoch ms) of admin token checks and the cache, for tests. */
  readonly now?: () => number;
}

/** Turns an `Authorization` header value into the verified caller, or throws a ConnectError. */
export type Authenticate = (authorization: string | null) => Promise<Identity>;

/**
 * Creates the token classifier (Kargo's order of token kinds; src/auth/README.md), failing closed:
 * - no well-formed bearer token → UNAUTHENTICATED;
 * - unverified `iss` equal to the admin issuer → must verify as an admin token (never falls through);
 * - unverified `iss` equal to the OIDC issuer (OIDC on) → must verify as an ID token;
 * - anything else → accepted only when a TokenReview says it is authenticated.
 * Failures answer UNAUTHENTICATED "invalid token" with the reason kept in `cause` (not sent to the
 * client); a Kubernetes API that cannot be reached answers UNAVAILABLE. Tokens are never logged.
 */
export function createAuthenticate(deps: AuthenticateDeps): Authenticate {
  const cacheOptions = { ...deps.verifiedTokenCache, ...(deps.now !== undefined ? { now: deps.now } : {}) };
  // Built once: the admin HMAC key is imported on first use, not per call.
  const verifyAdmin = deps.admin === undefined ? undefined : createAdminTokenVerifier(deps.admin, deps.now);
  // The cache sits in front of the classification: a token verified before (same bytes, so the same
  // issuer) is recognised by its digest without decoding its payload again on every call. A token
  // that is neither an admin token nor an ID token is declined here (undefined, never cached).
  const verifySigned = cacheVerifiedTokens<AdminIdentity | OidcIdentity>((token) => {
    const issuer = unverifiedIssuerOf(token);
    if (verifyAdmin !== undefined && issuer === deps.admin!.issuer) return verified(() => verifyAdmin(token));
    if (deps.oidc !== undefined && issuer === deps.oidc.issuer) return verified(() => deps.oidc!.verify(token));
    return undefined;
  }, cacheOptions);
  return async (authorization) => {
    const token = parseBearerToken(authorization);
    if (token === undefined) {
      throw new ConnectError(authorization === null ? "no token provided" : "malformed authorization header", Code.Unauthenticated);
    }
    // One digest per call: the key of the verified-token cache and of the TokenReview cache alike.
    const digest = tokenDigest(token);
    const signed = verifySigned(token, digest);
    if (signed !== undefined) return await signed;
    let identity;
    try {
      identity = await deps.reviewToken(token, digest);
    } catch (cause) {
      throw new ConnectError("cannot verify token: Kubernetes API unavailable", Code.Unavailable, undefined, undefined, cause);
    }
    if (identity === undefined) {
      throw new ConnectError("invalid token", Code.Unauthenticated);
    }
    return identity;
  };
}

async function verified<I extends Identity>(verify: () => Promise<I>): Promise<I> {
  try {
    return await verify();
  } catch (cause) {
    throw new ConnectError("invalid token", Code.Unauthenticated, undefined, undefined, cause);
  }
}
