import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { OIDCConfig } from "../../gen/kargo/api/v1/system_service_pb.js";
import { LocalError } from "./cli-errors.js";
import type { CliIo } from "./cli-context.js";
import { openBrowser } from "./open-browser.js";

/** Options of {@link ssoLogin}. */
export interface SsoLoginOptions {
  /** The server's OIDC settings (SystemService.GetPublicConfig). */
  readonly oidc: OIDCConfig;
  /** Loopback port of the redirect URI `http://127.0.0.1:<port>/auth/callback`, registered at the provider. */
  readonly callbackPort: number;
  /** Open the browser (when xdg-open/open is found); the URL is printed either way. */
  readonly openBrowser: boolean;
  /** Give up after this long. */
  readonly timeoutMs: number;
}

/** Tokens of a finished SSO login. */
export interface SsoTokens {
  readonly idToken: string;
  readonly refreshToken?: string;
  readonly issuer: string;
  readonly clientId: string;
}

/**
 * OpenID Connect authorization code + PKCE (S256) with a loopback redirect (RFC 8252): listens on
 * 127.0.0.1:<callbackPort>, prints the authorization URL on stderr (and opens the browser), waits
 * for the provider to redirect back with the code (state checked), exchanges it at the token
 * endpoint with the verifier, and checks the ID token's nonce. Asks for `offline_access` (and
 * consent) so the provider issues a refresh token, with which the CLI renews the ID token.
 */
export async function ssoLogin(io: CliIo, options: SsoLoginOptions): Promise<SsoTokens> {
  const issuer = options.oidc.issuerUrl.replace(/\/$/, "");
  const clientId = options.oidc.cliClientId || options.oidc.clientId;
  const discovery = await fetchJson<{ authorization_endpoint?: string; token_endpoint?: string }>(`${issuer}/.well-known/openid-configuration`);
  if (!discovery.authorization_endpoint || !discovery.token_endpoint)
    throw new LocalError("sso_failed", `OIDC discovery of ${issuer} lacks authorization_endpoint or token_endpoint`);

  const verifier = randomBytes(32).toString("base64url");
  const state = randomBytes(16).toString("base64url");
  const nonce = randomBytes(16).toString("base64url");
  const redirectUri = `http://127.0.0.1:${options.callbackPort}/auth/callback`;
  const scopes = new Set(options.oidc.scopes.length > 0 ? options.oidc.scopes : ["openid", "profile", "email"]);
  scopes.add("openid");
  scopes.add("offline_access");
  const authorize = new URL(discovery.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: clientId,
    response_type: "code",
    redirect_uri: redirectUri,
    scope: [...scopes].join(" "),
    state,
    nonce,
    prompt: "consent",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();

  const { server, code } = await listenForCode(options.callbackPort, state, io.signal, options.timeoutMs);
  try {
    io.stderr.write(`Open this URL in a browser to sign in:\n${authorize.href}\n`);
    if (options.openBrowser) openBrowser(authorize.href, io.env);
    const received = await code;
    const response = await fetch(discovery.token_endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code: received, redirect_uri: redirectUri, client_id: clientId, code_verifier: verifier }),
    });
    const tokens = (await response.json().catch(() => ({}))) as { id_token?: string; refresh_token?: string; error?: string; error_description?: string };
    if (!response.ok || !tokens.id_token)
      throw new LocalError(
        "sso_failed",
        `token exchange refused: ${tokens.error ?? `HTTP ${response.status}`}${tokens.error_description ? ` (${tokens.error_description})` : ""}`,
      );
    const claims = JSON.parse(Buffer.from(tokens.id_token.split(".")[1] ?? "", "base64url").toString("utf8")) as { nonce?: string };
    if (claims.nonce !== nonce) throw new LocalError("sso_failed", "the ID token's nonce does not match this login");
    return { idToken: tokens.id_token, refreshToken: tokens.refresh_token, issuer, clientId };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

async function fetchJson<T>(url: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new LocalError("sso_failed", `cannot reach ${url}: ${(e as Error).message}`, { cause: e });
  }
  if (!response.ok) throw new LocalError("sso_failed", `${url} answered HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** Listens on the loopback callback port; `code` resolves with the authorization code of the right state. */
async function listenForCode(port: number, state: string, signal: AbortSignal, timeoutMs: number): Promise<{ server: Server; code: Promise<string> }> {
  let settle!: { resolve: (code: string) => void; reject: (e: Error) => void };
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);
    if (url.pathname !== "/auth/callback") {
      res.writeHead(404).end();
      return;
    }
    const error = url.searchParams.get("error");
    if (url.searchParams.get("state") !== state) {
      res.writeHead(400, { "content-type": "text/plain" }).end("This sign-in does not belong to the waiting kargo-api login.\n");
      return;
    }
    if (error) {
      res.writeHead(400, { "content-type": "text/plain" }).end(`Sign-in failed: ${error}\n`);
      settle.reject(
        new LocalError(
          "sso_failed",
          `the provider refused the sign-in: ${error}${url.searchParams.get("error_description") ? ` (${url.searchParams.get("error_description")})` : ""}`,
        ),
      );
      return;
    }
    res.writeHead(200, { "content-type": "text/plain" }).end("Signed in to kargo-api. You can close this window.\n");
    settle.resolve(url.searchParams.get("code") ?? "");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        new LocalError("sso_failed", `cannot listen on 127.0.0.1:${port} for the sign-in callback (${e.code ?? e.message}); choose another --callback-port`, {
          cause: e,
        }),
      ),
    );
    server.listen(port, "127.0.0.1", resolve);
  });
  const timer = setTimeout(() => settle.reject(new LocalError("sso_failed", `no sign-in within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  const onAbort = () => settle.reject(new LocalError("cancelled", "login cancelled"));
  signal.addEventListener("abort", onAbort, { once: true });
  void code
    .finally(() => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    })
    .catch(() => {});
  return { server, code };
}
