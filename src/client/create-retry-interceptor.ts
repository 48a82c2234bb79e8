import { MethodOptions_IdempotencyLevel } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { makeRetryOptions, type RetryOptions } from "./retry-options.js";

/** Codes after which a side-effect-free call may simply be made again. */
const RETRYABLE = new Set([Code.Unavailable, Code.DeadlineExceeded]);

/**
 * Retries unary calls of methods declared `idempotency_level = NO_SIDE_EFFECTS` (Get*, List*,
 * QueryFreight, WhoAmI, SystemService) when they fail with UNAVAILABLE or DEADLINE_EXCEEDED,
 * (a lost connection included, see createConnectionErrorInterceptor), with exponential backoff (jittered) and a bounded number of attempts. Other methods are never
 * repeated: a write that may have been applied is not the client's to replay. Streams are left
 * to watchResumable, which resumes from the last resource version instead.
 */
export function createRetryInterceptor(options: Partial<RetryOptions> = {}): Interceptor {
  const settings = makeRetryOptions(options);
  return (next) => async (req) => {
    if (req.stream || req.method.idempotency !== MethodOptions_IdempotencyLevel.NO_SIDE_EFFECTS) return next(req);
    for (let attempt = 1; ; attempt++) {
      try {
        return await next(req);
      } catch (e) {
        if (attempt >= settings.maxAttempts || !RETRYABLE.has(ConnectError.from(e).code) || req.signal.aborted) throw e;
        await sleep(backoff(settings, attempt), req.signal);
      }
    }
  };
}

/** Delay before retry number `attempt` (1-based): initial × 2^(attempt-1), capped, with ±20 % jitter. */
export function backoff(settings: RetryOptions, attempt: number): number {
  const base = Math.min(settings.maxDelayMs, settings.initialDelayMs * 2 ** (attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** Resolves after `ms`, or rejects with the abort reason as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(ConnectError.from(signal.reason, Code.Canceled));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(ConnectError.from(signal!.reason, Code.Canceled));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
