import type { TokenSource } from "./token-source.js";

/** A token and when it expires (milliseconds since the epoch; undefined: never). */
export interface ExpiringToken {
  readonly token: string;
  readonly expiresAt?: number;
}

/**
 * A token source that obtains tokens with `fetchToken` and reuses each one until `marginMs`
 * before it expires. Concurrent callers share one fetch; a failed fetch is not cached.
 */
export function cachedToken(fetchToken: (signal?: AbortSignal) => Promise<ExpiringToken>, marginMs: number, now: () => number = Date.now): TokenSource {
  let current: ExpiringToken | undefined;
  let pending: Promise<ExpiringToken> | undefined;
  const fresh = (t: ExpiringToken) => t.expiresAt === undefined || t.expiresAt - marginMs > now();
  return {
    async getToken(signal) {
      if (current !== undefined && fresh(current)) return current.token;
      pending ??= fetchToken(signal).finally(() => {
        pending = undefined;
      });
      current = await pending;
      return current.token;
    },
    invalidate() {
      current = undefined;
    },
  };
}
