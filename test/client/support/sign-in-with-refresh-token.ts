import { createHash, randomBytes } from "node:crypto";
import { driveOidcLogin } from "../../support/drive-oidc-login.js";

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
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: callback.searchParams.get("code") ?? "",
      redirect_uri: redirectUri,
      client_id: clientId,
      code_verifier: verifier,
    }),
  });
  const tokens = (await response.json()) as { id_token?: string; refresh_token?: string };
  if (!tokens.id_token || !tokens.refresh_token) throw new Error(`no ID and refresh token: ${JSON.stringify(tokens)}`);
  return { idToken: tokens.id_token, refreshToken: tokens.refresh_token };
}
