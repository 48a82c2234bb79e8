import { tokenDigest } from "../token-digest.js";
import type { KubernetesIdentity } from "../identity.js";
import type { CacheStats } from "../authorization/create-decision-cache.js";
import type { TokenReviewer } from "./create-token-reviewer.js";

/** Options of {@link cacheTokenReviews}. */
export interface TokenReviewCacheOptions {
  /** How long an accepted token is trusted without asking again, in milliseconds; 0 disables. */
  readonly ttlMs: number;
  /** Accepted tokens remembered at most; the oldest is dropped first. Default 10 000. */
  readonly maxEntries?: number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

/** A caching TokenReviewer that can forget a token it accepted. */
export type CachingTokenReviewer = TokenReviewer & {
  /**
   * Drops the cached acceptance of `token` (a revoked API token), so its next use asks Kubernetes
   * again — which refuses it once its Secret is deleted.
   */
  forget(token: string): void;
  /**
   * Drops every cached acceptance of a token of this ServiceAccount (it was deleted), so those
   * tokens are reviewed again — and refused — on their next use rather than after the TTL.
   */
  forgetServiceAccount(namespace: string, name: string): void;
  /** Drops every cached acceptance (the ServiceAccount watch relisted: deletions may have been missed). */
  forgetAll(): void;
  /** Reviews answered from the cache and reviews sent to Kubernetes, since the start. */
  readonly stats: CacheStats;
};

/**
 * Remembers accepted tokens briefly so a client making many calls does not cost a TokenReview
 * each — as the Kubernetes API server itself caches token authentication (10 s by default). Only
 * acceptances are cached (a refused token is asked about again), never past the token's own expiry,
 * and keyed by a SHA-256 digest so the cache never holds a token.
 */
export function cacheTokenReviews(review: TokenReviewer, options: TokenReviewCacheOptions): CachingTokenReviewer {
  const { ttlMs, maxEntries = 10_000, now = Date.now } = options;
  const stats = { hits: 0, misses: 0 };
  if (ttlMs <= 0) {
    const uncached = (token: string) => {
      stats.misses++;
      return review(token);
    };
    return Object.assign(uncached, { forget: () => {}, forgetServiceAccount: () => {}, forgetAll: () => {}, stats });
  }
  const accepted = new Map<string, { until: number; identity: KubernetesIdentity }>();
  const cached: TokenReviewer = async (token, key = tokenDigest(token)) => {
    const at = now();
    const hit = accepted.get(key);
    if (hit !== undefined && hit.until > at) {
      stats.hits++;
      return hit.identity;
    }
    stats.misses++;
    accepted.delete(key);
    const identity = await review(token);
    if (identity !== undefined) {
      const expiry = identity.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
      accepted.set(key, { until: Math.min(at + ttlMs, expiry), identity });
      while (accepted.size > maxEntries) {
        accepted.delete(accepted.keys().next().value as string);
      }
    }
    return identity;
  };
  return Object.assign(cached, {
    stats,
    forgetAll: () => accepted.clear(),
    forget: (token: string) => void accepted.delete(tokenDigest(token)),
    forgetServiceAccount(namespace: string, name: string) {
      // A linear scan: deletions are rare and the cache is bounded.
      for (const [key, { identity }] of accepted) {
        if (identity.serviceAccount?.namespace === namespace && identity.serviceAccount.name === name) accepted.delete(key);
      }
    },
  });
}
