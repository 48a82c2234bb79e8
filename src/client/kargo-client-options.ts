import type { Interceptor, Transport } from "@connectrpc/connect";
import { createAuthInterceptor } from "./create-auth-interceptor.js";
import { createConnectionErrorInterceptor } from "./create-connection-error-interceptor.js";
import { createContractCheckInterceptor } from "./create-contract-check-interceptor.js";
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
  /**
   * Compare the server's contract version with this client's before the first call and refuse a
   * server of another major version (createContractCheckInterceptor). Default true.
   */
  readonly contractCheck?: boolean;
}

/**
 * The interceptor chain both entries share: retries outermost (each attempt goes through auth, so
 * a retried call gets a fresh token), then connection errors made UNAVAILABLE, then the contract
 * check, then the caller's, then authentication. `transport(interceptors)` builds a transport to
 * the same server: without interceptors for logging in, and with the inner ones for the contract
 * check (authenticated, not retried: the call it precedes is).
 */
export function kargoInterceptors(options: KargoClientOptions, transport: (interceptors: Interceptor[]) => Transport): Interceptor[] {
  const inner: Interceptor[] = [...(options.interceptors ?? [])];
  if (options.auth !== undefined) {
    const source = typeof options.auth === "function" ? options.auth(transport([])) : options.auth;
    inner.push(createAuthInterceptor(source));
  }
  const connectionErrors = createConnectionErrorInterceptor();
  const interceptors: Interceptor[] = [];
  if (options.retry !== false) interceptors.push(createRetryInterceptor(options.retry ?? {}));
  interceptors.push(connectionErrors);
  if (options.contractCheck !== false) interceptors.push(createContractCheckInterceptor(transport([connectionErrors, ...inner])));
  interceptors.push(...inner);
  return interceptors;
}
