/** How idempotent calls are retried (see createRetryInterceptor). */
export interface RetryOptions {
  /** Attempts in all, the first included. Default 4. */
  readonly maxAttempts: number;
  /** Delay before the first retry; doubled for each further one. Default 100 ms. */
  readonly initialDelayMs: number;
  /** Upper bound of one delay. Default 2 s. */
  readonly maxDelayMs: number;
}

const DEFAULTS: RetryOptions = Object.freeze({ maxAttempts: 4, initialDelayMs: 100, maxDelayMs: 2_000 });

/** The options with defaults for what `options` leaves out, frozen. */
export function makeRetryOptions(options: Partial<RetryOptions> = {}): RetryOptions {
  return Object.freeze({ ...DEFAULTS, ...options });
}
