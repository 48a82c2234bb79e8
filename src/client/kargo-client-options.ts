import type { Interceptor, Transport } from "@connectrpc/connect";
import { createAuthInterceptor } from "./create-auth-interceptor.js";
import { createConnectionErrorInterceptor } from "./create-connection-error-interceptor.js";
import { createRetryInterceptor } from "./create-retry-interceptor.js";
import type { RetryOptions } from "./retry-options.js";
import type { KargoAuth } from "./token-source.js";

/** Options of createKargoClient and createKargoWebClient; all optional. */
export interface KargoClientOptions {
  /** How calls authenticate: staticToken(…), adminLogin(…), oidcRefreshToken(…) or your own. None by default. */
  readonly auth?: KargoAuth;
  /** Retries of side-effect-free calls (see createRetryInterceptor); `false` turns them off. */
  readonly retry?: Partial<RetryOptions> | false;
  /** More interceptors, run after the retry interceptor and before the auth interceptor. */
  readonly interceptors?: readonly Interceptor[];
  /** Use the Connect binary format instead of JSON. Default false. */
  readonly useBinaryFormat?: boolean;
  /** Default timeout of calls in milliseconds (one deadline for all attempts of a retried call); none by default. */
  readonly defaultTimeoutMs?: number;
}

/**
 * The interceptor chain both entries share: retries outermost (each attempt goes through auth, so
 * a retried call gets a fresh token), then connection errors made UNAVAILABLE, then the caller's,
 * then authentication.
 */
export function kargoInterceptors(options: KargoClientOptions, unauthenticated: () => Transport): Interceptor[] {
  const interceptors: Interceptor[] = [];
  if (options.retry !== false) interceptors.push(createRetryInterceptor(options.retry ?? {}));
  interceptors.push(createConnectionErrorInterceptor());
  interceptors.push(...(options.interceptors ?? []));
  if (options.auth !== undefined) {
    const source = typeof options.auth === "function" ? options.auth(unauthenticated()) : options.auth;
    interceptors.push(createAuthInterceptor(source));
  }
  return interceptors;
}
