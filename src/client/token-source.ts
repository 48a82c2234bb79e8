import type { Transport } from "@connectrpc/connect";

/**
 * Where the bearer token of each call comes from. `getToken` may fetch or refresh a token (and
 * should share one fetch between concurrent callers); `invalidate` drops a cached token after the
 * server answered UNAUTHENTICATED, so the next `getToken` fetches a fresh one.
 */
export interface TokenSource {
  getToken(signal?: AbortSignal): Promise<string | undefined>;
  invalidate(): void;
}

/**
 * The `auth` option of a Kargo client: a token source, or a factory given a transport without
 * authentication (for sources that log in through the API itself, such as {@link adminLogin}).
 */
export type KargoAuth = TokenSource | ((unauthenticated: Transport) => TokenSource);
