/** Options of {@link createDecisionCache}. */
export interface DecisionCacheOptions {
  /** How long a decision is reused, in milliseconds; 0 disables caching. Default 5 000. */
  readonly ttlMs: number;
  /** Decisions kept at most; the oldest is dropped first. Default 10 000. */
  readonly maxEntries: number;
  /** Clock, for tests. */
  readonly now: () => number;
}

/** A short-lived, bounded cache of access decisions that also merges concurrent identical reviews. */
export interface DecisionCache {
  /** The cached decision for `key`, or the result of `review()` (cached unless it throws). */
  get(key: string, review: () => Promise<boolean>): Promise<boolean>;
  /** Forgets every decision (RBAC changed: a role or binding was written or deleted). */
  clear(): void;
  /** Lookups answered from the cache and lookups that asked Kubernetes, since the start. */
  readonly stats: CacheStats;
}

/** Hit and miss counts of a cache (for the operator metrics). */
export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
}

/** Creates a {@link DecisionCache}. */
export function createDecisionCache(options: Partial<DecisionCacheOptions> = {}): DecisionCache {
  const { ttlMs = 5_000, maxEntries = 10_000, now = Date.now } = options;
  const entries = new Map<string, { expires: number; decision: Promise<boolean> }>();
  const stats = { hits: 0, misses: 0 };
  return {
    stats,
    clear: () => entries.clear(),
    get(key, review) {
      if (ttlMs <= 0) {
        stats.misses++;
        return review();
      }
      const at = now();
      const hit = entries.get(key);
      if (hit !== undefined && hit.expires > at) {
        stats.hits++;
        return hit.decision;
      }
      stats.misses++;
      entries.delete(key);
      const decision = review();
      entries.set(key, { expires: at + ttlMs, decision });
      // A failed review is not a decision: forget it so the next request asks again.
      decision.catch(() => {
        if (entries.get(key)?.decision === decision) {
          entries.delete(key);
        }
      });
      while (entries.size > maxEntries) {
        entries.delete(entries.keys().next().value as string);
      }
      return decision;
    },
  };
}
