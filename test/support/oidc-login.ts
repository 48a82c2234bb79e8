import { createHash, randomBytes } from "node:crypto";
import { driveOidcLogin } from "./drive-oidc-login.js";

/** A client of the provider: confidential when it has a secret, public (PKCE only) otherwise. */
export interface LoginClient {
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly redirectUri: string;
}

/** Tokens returned by the token endpoint. */
export interface LoginTokens {
  readonly idToken: string;
  readonly accessToken: string;
}

/**
 * Signs an account in through the provider's authorization-code + PKCE flow without a browser
 * (driveOidcLogin plays the browser up to the redirect URI), then exchanges the code. The
 * `nonce` round trip is checked.
 */
export async function oidcLogin(issuer: string, client: LoginClient, login: string, scope = "openid email groups"): Promise<LoginTokens> {
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as {
    authorization_endpoint: string;
    token_endpoint: string;
  };
  const verifier = randomBytes(32).toString("base64url");
  const nonce = randomBytes(16).toString("base64url");
  const state = randomBytes(16).toString("base64url");

  const authorize = new URL(discovery.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: client.clientId,
    response_type: "code",
    redirect_uri: client.redirectUri,
    scope,
    nonce,
    state,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();

  const callback = await driveOidcLogin(authorize.href, login, client.redirectUri);
  if (callback.searchParams.get("state") !== state || callback.searchParams.get("code") === null) {
    throw new Error(`login did not return a code: ${callback.href}`);
  }

  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  const form = new URLSearchParams({
    grant_type: "authorization_code",
    code: callback.searchParams.get("code")!,
    redirect_uri: client.redirectUri,
    code_verifier: verifier,
  });
  if (client.clientSecret !== undefined) {
    headers["authorization"] = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}`;
  } else {
    form.set("client_id", client.clientId);
  }
  const token = await fetch(discovery.token_endpoint, { method: "POST", headers, body: form });
  const tokens = (await token.json()) as { id_token?: string; access_token?: string; error?: string };
  if (!token.ok || tokens.id_token === undefined) {
    throw new Error(`token exchange failed: ${JSON.stringify(tokens)}`);
  }
  const payload = JSON.parse(Buffer.from(tokens.id_token.split(".")[1]!, "base64url").toString()) as { nonce?: string };
  if (payload.nonce !== nonce) {
    throw new Error("ID token nonce does not match");
  }
  return { idToken: tokens.id_token, accessToken: tokens.access_token ?? "" };
}
