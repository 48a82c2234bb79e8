import { createPrivateKey, randomUUID, X509Certificate } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT } from "jose";
import { createSelfSignedCertificate } from "../../../../src/embedded/tls/create-self-signed-certificate.js";

/** A Docker token service (the `realm` of a Bearer challenge) on loopback. */
export interface TokenServer {
  /** `http://127.0.0.1:<port>/token` */
  realm: string;
  service: string;
  issuer: string;
  /** PEM of the certificate whose key signs tokens: the registry's `rootcertbundle`. */
  rootCertificate: string;
  /** Token requests seen: whether they carried the right credentials, and the scopes asked. */
  requests: { authorized: boolean; scopes: string[] }[];
  close(): Promise<void>;
}

/**
 * Serves Docker's token authentication (distribution's `auth.token` protocol) for one user:
 * GET /token?service=…&scope=repository:<name>:<actions> with Basic credentials answers
 * `{"token": <JWT>}` granting the asked actions; without credentials only `pull`, when
 * `anonymousPull`; wrong credentials get 401. Tokens are ES256 JWTs carrying the signing
 * certificate in `x5c`, which the registry verifies against `rootCertificate`.
 */
export async function startTokenServer(username: string, password: string, options: { anonymousPull?: boolean } = {}): Promise<TokenServer> {
  const { cert, key } = createSelfSignedCertificate("kargo-test-token-issuer", ["localhost", "127.0.0.1"], 1);
  const x5c = [new X509Certificate(cert).raw.toString("base64")];
  const signingKey = createPrivateKey(key);
  const service = "kargo-test-registry";
  const issuer = "kargo-test-issuer";
  const expected = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  const requests: TokenServer["requests"] = [];
  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? "/", "http://localhost");
      const authorization = request.headers.authorization;
      const authorized = authorization === expected;
      const scopes = url.searchParams.getAll("scope");
      requests.push({ authorized, scopes });
      if (url.pathname !== "/token") return void response.writeHead(404).end();
      if (authorization !== undefined && !authorized)
        return void response.writeHead(401, { "Content-Type": "application/json" }).end('{"details":"bad credentials"}');
      if (!authorized && !options.anonymousPull)
        return void response.writeHead(401, { "Content-Type": "application/json" }).end('{"details":"credentials required"}');
      const access = scopes.flatMap((scope) => {
        const [type, name, actions] = scope.split(":");
        if (type !== "repository" || !name || !actions) return [];
        const granted = actions.split(",").filter((action) => authorized || action === "pull");
        return [{ type, name, actions: granted }];
      });
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ access })
        .setProtectedHeader({ alg: "ES256", typ: "JWT", x5c })
        .setIssuer(issuer)
        .setSubject(authorized ? username : "")
        .setAudience(service)
        .setIssuedAt(now)
        .setNotBefore(now - 60)
        .setExpirationTime(now + 300)
        .setJti(randomUUID())
        .sign(signingKey);
      response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ token, access_token: token, expires_in: 300 }));
    })().catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    rootCertificate: cert,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
