import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import Provider from "oidc-provider";

/** Claims of one account of the test provider; they go into the ID token. */
export interface TestAccount {
  readonly email?: string;
  readonly groups?: readonly string[];
}

/** A real OpenID provider (oidc-provider) on loopback, for tests. */
export interface TestOidcProvider {
  /** Issuer URL, e.g. "http://127.0.0.1:41234". */
  readonly issuer: string;
  /** Confidential client of the web UI. */
  readonly web: { readonly clientId: string; readonly clientSecret: string; readonly redirectUri: string };
  /** Public (PKCE-only) client of the CLI. */
  readonly cli: { readonly clientId: string; readonly redirectUri: string };
  /** Adds or replaces an account; its id is the login name and the `sub`. */
  setAccount(id: string, claims: TestAccount): void;
  /** Current signing key id. */
  readonly kid: () => string;
  /** Current private signing key (RS256 JWK with kid), for tests that forge tokens with it. */
  readonly signingJwk: () => JWK;
  /**
   * Rotates the signing key: new tokens are signed with a new key (new kid); the JWKS then lists
   * the new key (and the old one only when `keepOld`).
   */
  rotateKey(options?: { keepOld?: boolean }): Promise<void>;
  close(): Promise<void>;
}

const WEB = { clientId: "kargo-web", clientSecret: "web-secret-for-tests", redirectUri: "http://127.0.0.1:9/web/callback" };
const CLI = { clientId: "kargo-cli", redirectUri: "http://127.0.0.1:9/cli/callback" };

async function newSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: `k-${crypto.randomUUID()}`, alg: "RS256", use: "sig" };
}

/**
 * Starts an oidc-provider issuer on 127.0.0.1 with two clients (web: confidential; CLI: public,
 * PKCE) and an in-memory account store whose email and groups claims are put in the ID token
 * (`conformIdTokenClaims: false`; scopes "email" and "groups"). Interactions use the provider's
 * built-in dev pages, which test/support/oidc-login.ts drives without a browser.
 */
export async function startOidcProvider(): Promise<TestOidcProvider> {
  const accounts = new Map<string, TestAccount>();
  let keys: JWK[] = [await newSigningKey()];
  let provider: Provider | undefined;
  let callback: ReturnType<Provider["callback"]> | undefined;
  const server: Server = createServer((req, res) => callback!(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // oidc-provider fixes its keys at construction, so a rotation builds a new instance behind the
  // same listener (sessions and grants are lost, as with a provider restart).
  function build() {
    // oidc-provider warns about its development defaults (dev interactions, in-memory adapter) on
    // every construction; in tests they are the point, so those lines are dropped.
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (!String(args[0]).startsWith("oidc-provider WARNING")) warn(...args);
    };
    try {
      construct();
    } finally {
      console.warn = warn;
    }
  }

  function construct() {
    provider = new Provider(issuer, {
      clients: [
        {
          client_id: WEB.clientId,
          client_secret: WEB.clientSecret,
          redirect_uris: [WEB.redirectUri],
          grant_types: ["authorization_code"],
          response_types: ["code"],
        },
        {
          client_id: CLI.clientId,
          token_endpoint_auth_method: "none",
          application_type: "native",
          redirect_uris: [CLI.redirectUri],
          grant_types: ["authorization_code"],
          response_types: ["code"],
        },
      ],
      scopes: ["openid", "email", "groups"],
      claims: { openid: ["sub"], email: ["email", "email_verified"], groups: ["groups"] },
      conformIdTokenClaims: false,
      findAccount: (_ctx, sub) => {
        const account = accounts.get(sub);
        if (account === undefined) {
          return undefined;
        }
        return {
          accountId: sub,
          claims: async () => ({
            sub,
            email: account.email,
            email_verified: account.email !== undefined,
            groups: account.groups ? [...account.groups] : undefined,
          }),
        };
      },
      jwks: { keys },
      cookies: { keys: ["test-cookie-key-0123456789abcdef"] },
      // Explicit lifetimes (seconds), so the provider does not print a notice for each default.
      ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
      features: { devInteractions: { enabled: true } },
    });
    callback = provider.callback();
  }
  build();

  return {
    issuer,
    web: WEB,
    cli: CLI,
    setAccount: (id, claims) => accounts.set(id, claims),
    kid: () => keys[0]!.kid!,
    signingJwk: () => keys[0]!,
    async rotateKey(options = {}) {
      const next = await newSigningKey();
      keys = options.keepOld ? [next, ...keys] : [next];
      build();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Starts a test provider before the tests of the enclosing block and closes it after them. */
export function useOidcProvider(): () => TestOidcProvider {
  let provider: TestOidcProvider | undefined;
  beforeAll(async () => {
    provider = await startOidcProvider();
  });
  afterAll(async () => {
    await provider?.close();
  });
  return () => {
    if (provider === undefined) throw new Error("useOidcProvider: used outside a test");
    return provider;
  };
}
