import { ConnectError, Code } from "@connectrpc/connect";
import { cachedToken } from "./cached-token.js";
import { jwtExpiry } from "./jwt-expiry.js";
import type { TokenSource } from "./token-source.js";

/** Tokens of an OpenID Connect sign-in. */
export interface OidcTokens {
  readonly idToken: string;
  readonly refreshToken: string;
}

/** Options of {@link oidcRefreshToken}. */
export interface OidcRefreshOptions {
  /** Issuer URL; its token endpoint is discovered from `/.well-known/openid-configuration`. */
  readonly issuer: string;
  /** Client ID the tokens were issued to (the CLI client ID for a public client). */
  readonly clientId: string;
  /** Secret of a confidential client; omit for public (PKCE) clients. */
  readonly clientSecret?: string;
  /** The refresh token (request scope `offline_access` at sign-in to get one). */
  readonly refreshToken: string;
  /** The current ID token, used until shortly before it expires. */
  readonly idToken?: string;
  /** Refresh this long before the ID token expires. Default 60 s. */
  readonly refreshBeforeMs?: number;
  /** Called with every new token pair (the provider may rotate the refresh token), e.g. to store it. */
  readonly onRefresh?: (tokens: OidcTokens) => void | Promise<void>;
  /** fetch to use; default globalThis.fetch. */
  readonly fetch?: typeof globalThis.fetch;
}

/**
 * A token source of OIDC ID tokens: the given ID token while it is valid, then a new one from the
 * issuer's token endpoint with the `refresh_token` grant. A refused refresh fails the call with
 * UNAUTHENTICATED (sign in again); an unreachable issuer with UNAVAILABLE.
 */
export function oidcRefreshToken(options: OidcRefreshOptions): TokenSource {
  const fetchFn = options.fetch ?? globalThis.fetch;
  let refreshToken = options.refreshToken;
  let first: string | undefined = options.idToken;
  let tokenEndpoint: string | undefined;

  async function discover(signal?: AbortSignal): Promise<string> {
    if (tokenEndpoint !== undefined) return tokenEndpoint;
    const url = `${options.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
    const response = await fetchFn(url, { signal });
    if (!response.ok) throw new ConnectError(`OIDC discovery at ${url} answered HTTP ${response.status}`, Code.Unavailable);
    const endpoint = ((await response.json()) as { token_endpoint?: unknown }).token_endpoint;
    if (typeof endpoint !== "string") throw new ConnectError(`OIDC discovery at ${url} has no token_endpoint`, Code.Unavailable);
    return (tokenEndpoint = endpoint);
  }

  return cachedToken(async (signal) => {
    if (first !== undefined) {
      const token = first;
      first = undefined;
      const expiresAt = jwtExpiry(token);
      if (expiresAt === undefined || expiresAt - (options.refreshBeforeMs ?? 60_000) > Date.now()) return { token, expiresAt };
    }
    const body = new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: options.clientId });
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
    if (options.clientSecret !== undefined) {
      headers["authorization"] = `Basic ${btoa(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`)}`;
    }
    let response: Response;
    try {
      response = await fetchFn(await discover(signal), { method: "POST", headers, body, signal });
    } catch (e) {
      throw ConnectError.from(e, Code.Unavailable);
    }
    const json = (await response.json().catch(() => ({}))) as { id_token?: string; refresh_token?: string; error?: string; error_description?: string };
    if (!response.ok || typeof json.id_token !== "string") {
      throw new ConnectError(
        `OIDC token refresh refused: ${json.error ?? `HTTP ${response.status}`}${json.error_description ? ` (${json.error_description})` : ""}; sign in again`,
        Code.Unauthenticated,
      );
    }
    refreshToken = json.refresh_token ?? refreshToken;
    await options.onRefresh?.({ idToken: json.id_token, refreshToken });
    return { token: json.id_token, expiresAt: jwtExpiry(json.id_token) };
  }, options.refreshBeforeMs ?? 60_000);
}
