import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";

/** Public (PKCE) client of the CLI; native, so any loopback port matches its redirect URI (RFC 8252). */
export const CLI_CLIENT = Object.freeze({ clientId: "kargo-cli", redirectUri: "http://127.0.0.1/auth/callback" });
/** Client ID of the web UI (only named in the server's config here). */
export const WEB_CLIENT_ID = "kargo-web";

/** A real OpenID provider (oidc-provider) on loopback that issues refresh tokens to the CLI client. */
export interface RefreshingOidcProvider {
  readonly issuer: string;
  /** Adds an account; its id is the login name and the `sub`. */
  setAccount(id: string, email: string): void;
  /** Refresh-token grants the token endpoint has answered successfully. */
  refreshGrants(): number;
  close(): Promise<void>;
}

/**
 * Starts oidc-provider on 127.0.0.1 with the CLI client allowed the `refresh_token` grant and the
 * `offline_access` scope (refresh tokens are issued when it is requested with prompt=consent),
 * dev interactions (driven without a browser by drive-oidc-login.ts) and short-lived ID tokens.
 * The shared test/support/oidc-provider.ts has neither refresh tokens nor loopback port freedom.
 */
export async function startRefreshingOidcProvider(): Promise<RefreshingOidcProvider> {
  const accounts = new Map<string, string>();
  let refreshGrants = 0;
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: "refresh-test-key", alg: "RS256", use: "sig" };
  let callback: ReturnType<Provider["callback"]> | undefined;
  const server: Server = createServer((req, res) => callback!(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).startsWith("oidc-provider WARNING")) warn(...args);
  };
  let provider: Provider;
  try {
    provider = new Provider(issuer, {
      clients: [
        {
          client_id: CLI_CLIENT.clientId,
          token_endpoint_auth_method: "none",
          application_type: "native",
          redirect_uris: [CLI_CLIENT.redirectUri],
          grant_types: ["authorization_code", "refresh_token"],
          response_types: ["code"],
        },
      ],
      scopes: ["openid", "email", "offline_access"],
      claims: { openid: ["sub"], email: ["email", "email_verified"] },
      conformIdTokenClaims: false,
      findAccount: (_ctx, sub) => {
        const email = accounts.get(sub);
        return email === undefined ? undefined : { accountId: sub, claims: async () => ({ sub, email, email_verified: true }) };
      },
      jwks: { keys: [jwk] },
      cookies: { keys: ["refresh-test-cookie-key-0123456789"] },
      ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, RefreshToken: 3600 },
      features: { devInteractions: { enabled: true } },
    });
  } finally {
    console.warn = warn;
  }
  // Provider is an EventEmitter; the shared declaration (test/support/oidc-provider-types.d.ts) omits it.
  const events = provider as unknown as { on(event: "grant.success", listener: (ctx: { oidc: { params?: { grant_type?: unknown } } }) => void): void };
  events.on("grant.success", (ctx) => {
    if (ctx.oidc.params?.grant_type === "refresh_token") refreshGrants++;
  });
  callback = provider.callback();

  return {
    issuer,
    setAccount: (id, email) => void accounts.set(id, email),
    refreshGrants: () => refreshGrants,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
