import { BoundedCache } from "../../registry/bounded-cache.js";

/**
 * Token buckets per key (a receiver's path): `burst` requests at once, refilled at
 * `ratePerSecond`. Memory is bounded: at most 10,000 keys are remembered.
 */
export function createTokenBuckets(options: { ratePerSecond: number; burst: number; now?: () => number }): { take(key: string): boolean } {
  const now = options.now ?? Date.now;
  const buckets = new BoundedCache<string, { tokens: number; at: number }>(10_000);
  return {
    take(key) {
      const at = now();
      const bucket = buckets.get(key) ?? { tokens: options.burst, at };
      const tokens = Math.min(options.burst, bucket.tokens + ((at - bucket.at) / 1000) * options.ratePerSecond);
      const allowed = tokens >= 1;
      buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at });
      return allowed;
    },
  };
}
