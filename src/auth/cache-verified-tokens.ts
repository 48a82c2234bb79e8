import type { AdminIdentity, OidcIdentity } from "./identity.js";
import { deepFreeze } from "../util/deep-freeze.js";
import { tokenDigest } from "./token-digest.js";

/** Options of {@link cacheVerifiedTokens}. */
export interface VerifiedTokenCacheOptions {
  /**
   * Longest a verification is reused, in milliseconds, whatever the token's `exp`; 0 disables the
   * cache. startAuth uses AUTHORIZATION_CACHE_TTL (default 5 s), as for TokenReviews.
   */
  readonly maxAgeMs: number;
  /** Verified tokens remembered at most; the least recently used is dropped first. Default 10 000. */
  readonly maxEntries: number;
  /** Clock (epoch ms), for tests. */
  readonly now: () => number;
}

/** Verifies a signed token (admin JWT or OIDC ID token) and returns its caller; throws when it fails. */
export type JwtVerifier<I extends AdminIdentity | OidcIdentity> = (token: string) => Promise<I>;

/**
 * A {@link JwtVerifier} that may decline a token as not its kind (undefined: neither an admin token
 * nor an ID token, for the TokenReview), without throwing.
 */
export type SignedTokenVerifier<I extends AdminIdentity | OidcIdentity> = (token: string) => Promise<I> | undefined;

/**
 * The cached verifier: `digest` is tokenDigest(token) when the caller has it already (authenticate
 * computes it once for this cache and the TokenReview cache). Undefined when the token is not
 * cached and `verify` declined it.
 */
export type CachedVerifier<I extends AdminIdentity | OidcIdentity> = (token: string, digest?: string) => Promise<I> | undefined;

interface Entry<I> {
  /** Epoch ms after which the entry is not used: the token's exp, or sooner by maxAgeMs. */
  readonly until: number;
  readonly identity: I;
}

/**
 * Remembers successful verifications of signed tokens so that a client making many calls with one
 * token is not verified (a WebCrypto HMAC or RSA check) on every call. Security rules:
 * - only successes are cached; a token that fails is verified again next time;
 * - keyed by a SHA-256 digest of the whole token (header, payload and signature), so a token that
 *   differs from a cached one in any byte — a forged signature over the same payload — misses;
 *   the cache never holds a token;
 * - an entry is used until the token's own `exp` and never longer, and at most `maxAgeMs` after
 *   it was verified; the current time is compared on every hit. A token without `exp` is not cached;
 * - the identity is deep-frozen, and each call gets its own `expiresAt` Date, so no caller can
 *   change what the next caller sees.
 * Consequence: a token stays accepted for up to `maxAgeMs` after its OIDC signing key is removed
 * from the provider's JWKS (see src/auth/README.md).
 */
export function cacheVerifiedTokens<I extends AdminIdentity | OidcIdentity>(
  verify: SignedTokenVerifier<I>,
  options: Partial<VerifiedTokenCacheOptions> = {},
): CachedVerifier<I> {
  const { maxAgeMs = 0, maxEntries = 10_000, now = Date.now } = options;
  if (maxAgeMs <= 0 || maxEntries <= 0) {
    return (token) => verify(token);
  }
  const entries = new Map<string, Entry<I>>();
  const remember = async (key: string, verifiedAt: number, verifying: Promise<I>): Promise<I> => {
    const identity = deepFreeze(await verifying);
    const until = Math.min(verifiedAt + maxAgeMs, identity.expiresAt?.getTime() ?? Number.NEGATIVE_INFINITY);
    if (until > now()) {
      entries.set(key, { until, identity });
      while (entries.size > maxEntries) {
        entries.delete(entries.keys().next().value as string);
      }
    }
    return handOut(identity);
  };
  return (token, key = tokenDigest(token)) => {
    const hit = entries.get(key);
    if (hit !== undefined) {
      entries.delete(key);
      if (hit.until > now()) {
        // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
        entries.set(key, hit);
        return Promise.resolve(handOut(hit.identity));
      }
    }
    const verifiedAt = now();
    const verifying = verify(token);
    return verifying === undefined ? undefined : remember(key, verifiedAt, verifying);
  };
}

// A Date is mutable even when frozen (setTime writes an internal slot): each caller gets a copy.
function handOut<I extends AdminIdentity | OidcIdentity>(identity: I): I {
  return identity.expiresAt === undefined ? identity : Object.freeze({ ...identity, expiresAt: new Date(identity.expiresAt.getTime()) } as I);
}
