import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

/** An OpenID issuer on loopback that serves discovery and its JWKS, and mints ID tokens. */
export interface TokenIssuer {
  readonly issuer: string;
  readonly clientId: string;
  /** An RS256 ID token for `sub` with these claims, valid for an hour. */
  mint(sub: string, claims: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/**
 * The bench's identity provider: what the API server sees of a real one (discovery document,
 * JWKS, RS256 ID tokens with iss/aud/exp; RS256 as oidc-provider signs) without its interactive
 * login flow, which is not measured. bench/ cannot import test/support/oidc-provider.ts: the build
 * (tsconfig.build.json) compiles bench/ without Jest's globals.
 */
export async function startTokenIssuer(): Promise<TokenIssuer> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const kid = `bench-${crypto.randomUUID()}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  const server = createServer((req, res) => {
    const body =
      req.url === "/.well-known/openid-configuration"
        ? { issuer, jwks_uri: `${issuer}/jwks`, id_token_signing_alg_values_supported: ["RS256"] }
        : req.url === "/jwks"
          ? { keys: [jwk] }
          : undefined;
    res.writeHead(body ? 200 : 404, { "content-type": "application/json" }).end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "kargo-bench";
  return {
    issuer,
    clientId,
    mint: (sub, claims) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid })
        .setSubject(sub)
        .setIssuer(issuer)
        .setAudience(clientId)
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(privateKey),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
