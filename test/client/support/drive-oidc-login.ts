import { createHash, randomBytes } from "node:crypto";

/**
 * Plays the browser in an authorization-code flow against oidc-provider's dev interactions: GETs
 * `authorizeUrl` and follows redirects with a cookie jar, submits the login form (as `login`) and
 * the consent form, and stops at the first redirect to `redirectPrefix` — which it returns
 * without fetching (the caller decides whether to deliver it, as a browser would).
 */
export async function driveOidcLogin(authorizeUrl: string, login: string, redirectPrefix: string): Promise<URL> {
  const issuer = new URL(authorizeUrl).origin;
  const cookies = new Map<string, string>();
  const go = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return response;
  };
  const next = (response: Response) => {
    const location = response.headers.get("location");
    if (!location) throw new Error(`the provider answered HTTP ${response.status} without a redirect`);
    return new URL(location, issuer).href;
  };
  let location = next(await go(authorizeUrl));
  for (let step = 0; step < 10 && !location.startsWith(redirectPrefix); step++) {
    if (location.includes("/interaction/")) {
      const html = await (await go(location)).text();
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1] ?? new URL(location).pathname;
      const body = prompt === "login" ? new URLSearchParams({ prompt, login, password: "any" }) : new URLSearchParams({ prompt: prompt ?? "consent" });
      location = next(await go(new URL(action, issuer).href, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } }));
    } else {
      location = next(await go(location));
    }
  }
  if (!location.startsWith(redirectPrefix)) throw new Error(`the login did not come back to ${redirectPrefix}: ${location}`);
  return new URL(location);
}

/** Tokens of a finished login. */
export interface SignedIn {
  readonly idToken: string;
  readonly refreshToken: string;
}

/**
 * A whole browser-less login of the CLI client with `offline_access` (prompt=consent), the code
 * exchanged with PKCE: an ID token and a refresh token.
 */
export async function signInWithRefreshToken(issuer: string, clientId: string, redirectUri: string, login: string): Promise<SignedIn> {
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { authorization_endpoint: string; token_endpoint: string };
  const verifier = randomBytes(32).toString("base64url");
  const authorize = new URL(discovery.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: clientId,
    response_type: "code",
    redirect_uri: redirectUri,
    scope: "openid email offline_access",
    prompt: "consent",
    state: "s",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  const callback = await driveOidcLogin(authorize.href, login, redirectUri);
  const response = await fetch(discovery.token_endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code: callback.searchParams.get("code") ?? "", redirect_uri: redirectUri, client_id: clientId, code_verifier: verifier }),
  });
  const tokens = (await response.json()) as { id_token?: string; refresh_token?: string };
  if (!tokens.id_token || !tokens.refresh_token) throw new Error(`no ID and refresh token: ${JSON.stringify(tokens)}`);
  return { idToken: tokens.id_token, refreshToken: tokens.refresh_token };
}
