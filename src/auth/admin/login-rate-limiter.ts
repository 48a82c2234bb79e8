/** Options of {@link createLoginRateLimiter}. */
export interface LoginRateLimiterOptions {
  /** Failed attempts in a row a key may make before each further attempt waits. Default 5. */
  readonly maxFailures: number;
  /** The first wait; each further failure doubles it. Default 1 000 ms. */
  readonly baseDelayMs: number;
  /** The longest wait, however many failures: the most anyone can be kept waiting. Default 30 000 ms. */
  readonly maxDelayMs: number;
  /** A key's failures are forgotten after this long without one. Default 15 minutes. */
  readonly forgetAfterMs: number;
  /**
   * Failures per minute over all keys beyond which `maxFailures` no longer applies: every failure
   * starts or lengthens its key's wait (still at most `maxDelayMs`). Slows a guess from many
   * addresses; never refuses anyone for longer. Default 100.
   */
  readonly globalFailuresPerMinute: number;
  /** Keys tracked at most; the least recently failing is forgotten first. Default 10 000. */
  readonly maxAddresses: number;
  /** Clock, for tests. */
  readonly now: () => number;
}

/**
 * Exponential backoff of failed admin logins per key (the client's address, or an admin token it
 * presents — see AdminLogin). After `maxFailures` failures in a row, a key must wait `baseDelayMs`,
 * doubling with each further failure up to `maxDelayMs`, before its next attempt is checked;
 * attempts during the wait are refused without checking the password (so guessing is bounded: at
 * most one guess per `maxDelayMs` per key at steady state) and do not lengthen it. A success clears
 * the key. The wait is capped low on purpose: it is what another client behind the same address
 * (a NAT, an ingress) pays for an attacker's failures, and it is never longer than `maxDelayMs`.
 */
export interface LoginRateLimiter {
  /** Milliseconds until the key may try again; 0 when it may try now. */
  retryAfterMs(key: string): number;
  /** Records a failed attempt. */
  recordFailure(key: string): void;
  /** Forgets the key's failures (after a successful login). */
  recordSuccess(key: string): void;
}

interface KeyState {
  failures: number;
  lastFailureAt: number;
  nextAttemptAt: number;
}

/** Creates a {@link LoginRateLimiter}; memory is bounded by `maxAddresses` keys and 60 per-second counters. */
export function createLoginRateLimiter(options: Partial<LoginRateLimiterOptions> = {}): LoginRateLimiter {
  const {
    maxFailures = 5,
    baseDelayMs = 1_000,
    maxDelayMs = 30_000,
    forgetAfterMs = 15 * 60_000,
    globalFailuresPerMinute = 100,
    maxAddresses = 10_000,
    now = Date.now,
  } = options;
  // Map iteration order is insertion order: re-inserting on each failure keeps the least recently
  // failing key first, so eviction is a cheap LRU.
  const keys = new Map<string, KeyState>();
  // Failures of the last minute over all keys, in one-second buckets (second → count).
  const global = new Map<number, number>();

  function state(key: string, at: number): KeyState | undefined {
    const s = keys.get(key);
    if (s !== undefined && at - s.lastFailureAt >= forgetAfterMs) {
      keys.delete(key);
      return undefined;
    }
    return s;
  }

  function globalFailures(at: number): number {
    const second = Math.floor(at / 1000);
    let total = 0;
    for (const [bucket, count] of global) {
      if (second - bucket >= 60) global.delete(bucket);
      else total += count;
    }
    return total;
  }

  return {
    retryAfterMs(key) {
      const at = now();
      const s = state(key, at);
      return s === undefined ? 0 : Math.max(0, s.nextAttemptAt - at);
    },
    recordFailure(key) {
      const at = now();
      const second = Math.floor(at / 1000);
      global.set(second, (global.get(second) ?? 0) + 1);
      const free = globalFailures(at) > globalFailuresPerMinute ? 1 : maxFailures;
      const s = state(key, at) ?? { failures: 0, lastFailureAt: at, nextAttemptAt: at };
      s.failures += 1;
      s.lastFailureAt = at;
      // The maxFailures-th failure in a row starts the wait at baseDelayMs.
      const over = s.failures - free + 1;
      // 2 ** over overflows to Infinity for huge counts; min() keeps the cap.
      s.nextAttemptAt = over <= 0 ? at : at + Math.min(maxDelayMs, baseDelayMs * 2 ** (over - 1));
      keys.delete(key);
      keys.set(key, s);
      while (keys.size > maxAddresses) {
        keys.delete(keys.keys().next().value as string);
      }
    },
    recordSuccess(key) {
      keys.delete(key);
    },
  };
}
