/** Options of {@link createLoginRateLimiter}. */
export interface LoginRateLimiterOptions {
  /** Failed attempts allowed per address within the window before logins are refused. Default 5. */
  readonly maxFailures: number;
  /** Length of the sliding window, in milliseconds. Default 60 000. */
  readonly windowMs: number;
  /** Addresses tracked at most; the least recently failing is forgotten first. Default 10 000. */
  readonly maxAddresses: number;
  /** Clock, for tests. */
  readonly now: () => number;
}

/**
 * Counts failed admin logins per client address over a sliding window. When an address has
 * `maxFailures` failures inside the window, further attempts are refused — without checking the
 * password — until the oldest failure leaves the window. A success clears the address.
 */
export interface LoginRateLimiter {
  /** Milliseconds until the address may try again; 0 when it may try now. */
  retryAfterMs(address: string): number;
  /** Records a failed attempt. */
  recordFailure(address: string): void;
  /** Forgets the address's failures (after a successful login). */
  recordSuccess(address: string): void;
}

/** Creates a {@link LoginRateLimiter}; memory is bounded by `maxAddresses` × `maxFailures`. */
export function createLoginRateLimiter(options: Partial<LoginRateLimiterOptions> = {}): LoginRateLimiter {
  const { maxFailures = 5, windowMs = 60_000, maxAddresses = 10_000, now = Date.now } = options;
  // Map iteration order is insertion order: re-inserting on each failure keeps the least recently
  // failing address first, so eviction is a cheap LRU.
  const failures = new Map<string, number[]>();

  function recent(address: string, at: number): number[] {
    const times = (failures.get(address) ?? []).filter((t) => at - t < windowMs);
    if (times.length === 0) {
      failures.delete(address);
    }
    return times;
  }

  return {
    retryAfterMs(address) {
      const at = now();
      const times = recent(address, at);
      if (times.length < maxFailures) {
        return 0;
      }
      // Allowed again once enough failures have aged out to drop below the limit.
      const freeing = times[times.length - maxFailures]!;
      return Math.max(1, freeing + windowMs - at);
    },
    recordFailure(address) {
      const at = now();
      const times = recent(address, at);
      times.push(at);
      failures.delete(address);
      failures.set(address, times.slice(-maxFailures));
      while (failures.size > maxAddresses) {
        const oldest = failures.keys().next().value as string;
        failures.delete(oldest);
      }
    },
    recordSuccess(address) {
      failures.delete(address);
    },
  };
}
