import { createPrivateKey, createPublicKey, sign as rsaSign } from "node:crypto";
import { Code } from "@connectrpc/connect";
import { SignJWT, generateKeyPair, importJWK, type CryptoKey, type JWTPayload, type JWTHeaderParameters } from "jose";
import { AuthService } from "../../gen/kargo/api/v1/auth_service_pb.js";
import { mintAdminToken } from "../../src/auth/admin/mint-admin-token.js";
import { oidcLogin } from "../support/oidc-login.js";
import { useOidcProvider } from "../support/oidc-provider.js";
import { codeOf } from "./support/expect-code.js";
import { ADMIN_AUDIENCE, ADMIN_ISSUER, ADMIN_PASSWORD, adminTokenSigningKey, useAuthStack } from "./support/start-auth-stack.js";

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const now = () => Math.floor(Date.now() / 1000);

// Every token below reaches the real API server (Connect over HTTP) and must end UNAUTHENTICATED
// at WhoAmI, which needs nothing but a valid token. Positive controls first prove that the forging
// tools make tokens the server would accept when nothing is wrong with them.
describe("forged and malformed tokens", () => {
  const provider = useOidcProvider();
  const stack = useAuthStack(() => ({
    oidc: { issuerUrl: provider().issuer, clientId: provider().web.clientId, cliClientId: provider().cli.clientId },
  }));

  let realJwk: Record<string, unknown>;
  let realKey: CryptoKey;
  let realKid: string;
  let publicPem: string;
  let otherRsa: CryptoKey;
  let otherEc: CryptoKey;
  let valid: string;
  let adminValid: string;
  let saToken: string;
  let deletedSaToken: string;
  // The key the server signs admin tokens with: derived from its signing key and password hash.
  let adminKey: Uint8Array;
  let adminOptions: { signingKey: Uint8Array; issuer: string; audience: string; ttlSeconds: number };

  const oidcClaims = (over: JWTPayload = {}): JWTPayload => ({
    iss: provider().issuer,
    aud: provider().web.clientId,
    sub: "mallory",
    email: "mallory@example.com",
    iat: now(),
    exp: now() + 600,
    ...over,
  });
  const sign = (claims: JWTPayload, key: CryptoKey | Uint8Array, header: Partial<JWTHeaderParameters> = {}) =>
    new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: realKid, ...header } as JWTHeaderParameters).sign(key);
  // jose refuses to sign headers it would itself reject (an unknown crit), so some tokens are
  // signed by hand: RS256 over "header.payload" with the provider's private key.
  const signRaw = (header: object, claims: JWTPayload) => {
    const input = `${b64(header)}.${b64(claims)}`;
    const signature = rsaSign("sha256", Buffer.from(input), createPrivateKey({ key: realJwk as never, format: "jwk" }));
    return `${input}.${signature.toString("base64url")}`;
  };
  const adminClaims = (over: JWTPayload = {}): JWTPayload => ({
    iss: ADMIN_ISSUER,
    aud: ADMIN_AUDIENCE,
    sub: "admin",
    iat: now(),
    nbf: now(),
    exp: now() + 600,
    jti: crypto.randomUUID(),
    ...over,
  });

  beforeAll(async () => {
    adminKey = await adminTokenSigningKey();
    adminOptions = { signingKey: adminKey, issuer: ADMIN_ISSUER, audience: ADMIN_AUDIENCE, ttlSeconds: 600 };
    const p = provider();
    p.setAccount("mallory", { email: "mallory@example.com" });
    const jwk = p.signingJwk();
    realKid = jwk.kid!;
    realJwk = jwk as Record<string, unknown>;
    realKey = (await importJWK(jwk, "RS256")) as CryptoKey;
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
    publicPem = createPublicKey({ key: publicJwk as never, format: "jwk" })
      .export({ type: "spki", format: "pem" })
      .toString();
    otherRsa = (await generateKeyPair("RS256")).privateKey;
    otherEc = (await generateKeyPair("ES256")).privateKey;
    valid = (await oidcLogin(p.issuer, p.web, "mallory")).idToken;
    adminValid = (await stack().client(AuthService).adminLogin({ password: ADMIN_PASSWORD })).idToken;
    const { core } = stack();
    await core.createNamespacedServiceAccount({ namespace: "default", body: { metadata: { name: "robot" } } });
    await core.createNamespacedServiceAccount({ namespace: "default", body: { metadata: { name: "doomed" } } });
    saToken = (await core.createNamespacedServiceAccountToken({ namespace: "default", name: "robot", body: { spec: { expirationSeconds: 3600 } } })).status!
      .token!;
    deletedSaToken = (await core.createNamespacedServiceAccountToken({ namespace: "default", name: "doomed", body: { spec: { expirationSeconds: 3600 } } }))
      .status!.token!;
  });

  const call = (authorization: string | null) => codeOf(stack().client(AuthService, authorization).whoAmI({}));

  describe("positive controls", () => {
    it("accepts the provider's own ID token", async () => expect(await call(`Bearer ${valid}`)).toBe("OK"));
    it("accepts a token minted here with the provider's key and correct claims", async () =>
      expect(await call(`Bearer ${await sign(oidcClaims(), realKey)}`)).toBe("OK"));
    it("accepts a token signed by hand with the provider's key", async () =>
      expect(await call(`Bearer ${signRaw({ alg: "RS256", kid: realKid }, oidcClaims())}`)).toBe("OK"));
    it("accepts a lower-case bearer scheme (RFC 7235: case-insensitive)", async () => expect(await call(`bearer ${valid}`)).toBe("OK"));
    it("accepts an admin token from AdminLogin", async () => expect(await call(`Bearer ${adminValid}`)).toBe("OK"));
    it("accepts an admin token minted with the server's key", async () =>
      expect(await call(`Bearer ${(await mintAdminToken(adminOptions)).token}`)).toBe("OK"));
    it("accepts a ServiceAccount token the Kubernetes API issued", async () => expect(await call(`Bearer ${saToken}`)).toBe("OK"));
  });

  const cases: [string, () => Promise<string | null>][] = [
    // The Authorization header itself.
    ["no Authorization header", async () => null],
    ["an empty bearer", async () => "Bearer "],
    ["the word Bearer alone", async () => "Bearer"],
    ["Bearer followed by two spaces", async () => `Bearer  ${valid}`],
    ["a non-Bearer scheme (Basic)", async () => `Basic ${Buffer.from("admin:x").toString("base64")}`],
    ["a non-Bearer scheme carrying a valid token", async () => `Token ${valid}`],
    ["two tokens separated by a comma", async () => `Bearer ${valid}, Bearer ${adminValid}`],
    ["two tokens separated by a space", async () => `Bearer ${valid} ${adminValid}`],
    ["garbage", async () => "Bearer not-a-token"],
    ["three dots of garbage", async () => "Bearer a.b.c"],
    ["a truncated ID token", async () => `Bearer ${valid.slice(0, -12)}`],
    // OIDC tokens.
    ["alg none", async () => `Bearer ${b64({ alg: "none", typ: "JWT" })}.${b64(oidcClaims())}.`],
    [
      "HS256 signed with the provider's RSA public key (PEM)",
      async () => `Bearer ${await sign(oidcClaims(), new TextEncoder().encode(publicPem), { alg: "HS256" })}`,
    ],
    [
      "a bad signature (another token's)",
      async () => {
        const other = await sign(oidcClaims({ sub: "other" }), realKey);
        return `Bearer ${valid.split(".").slice(0, 2).join(".")}.${other.split(".")[2]}`;
      },
    ],
    [
      "a tampered payload",
      async () => {
        const [header, , signature] = valid.split(".");
        return `Bearer ${header}.${b64(oidcClaims({ sub: "alice", email: "alice@example.com" }))}.${signature}`;
      },
    ],
    ["an expired ID token", async () => `Bearer ${await sign(oidcClaims({ iat: now() - 7200, exp: now() - 3600 }), realKey)}`],
    ["an ID token not yet valid", async () => `Bearer ${await sign(oidcClaims({ nbf: now() + 3600 }), realKey)}`],
    ["a wrong issuer (signed with the provider's key)", async () => `Bearer ${await sign(oidcClaims({ iss: "http://127.0.0.1:1/evil" }), realKey)}`],
    ["a wrong audience", async () => `Bearer ${await sign(oidcClaims({ aud: "someone-else" }), realKey)}`],
    ["an unknown kid", async () => `Bearer ${await sign(oidcClaims(), otherRsa, { kid: "unknown-kid" })}`],
    ["another key under the provider's kid", async () => `Bearer ${await sign(oidcClaims(), otherRsa)}`],
    ["an ID token from another issuer with the same kid", async () => `Bearer ${await sign(oidcClaims({ iss: "https://evil.example" }), otherRsa)}`],
    ["an ES256 token by an unknown key under the provider's kid", async () => `Bearer ${await sign(oidcClaims(), otherEc, { alg: "ES256" })}`],
    [
      "a crit header naming an unknown extension",
      async () => `Bearer ${signRaw({ alg: "RS256", kid: realKid, crit: ["x-unknown"], "x-unknown": true }, oidcClaims())}`,
    ],
    ["an ID token without sub", async () => `Bearer ${await sign(oidcClaims({ sub: undefined }), realKey)}`],
    ["an ID token without exp", async () => `Bearer ${await sign(oidcClaims({ exp: undefined }), realKey)}`],
    // Admin tokens.
    [
      "an admin token signed with another key",
      async () => `Bearer ${(await mintAdminToken({ ...adminOptions, signingKey: new TextEncoder().encode("another-signing-key-0123456789abcdef") })).token}`,
    ],
    ["an admin token with the wrong audience", async () => `Bearer ${(await mintAdminToken({ ...adminOptions, audience: "elsewhere" })).token}`],
    ["an admin token with the wrong issuer", async () => `Bearer ${(await mintAdminToken({ ...adminOptions, issuer: "not-kargo" })).token}`],
    ["an expired admin token", async () => `Bearer ${(await mintAdminToken(adminOptions, new Date(Date.now() - 3600_000))).token}`],
    ["an admin token with alg none", async () => `Bearer ${b64({ alg: "none" })}.${b64(adminClaims())}.`],
    ["an admin token signed RS256 with an RSA key", async () => `Bearer ${await sign(adminClaims(), otherRsa)}`],
    [
      "an HS256 admin header whose secret is an RSA public key",
      async () => `Bearer ${await sign(adminClaims(), new TextEncoder().encode(publicPem), { alg: "HS256", kid: undefined })}`,
    ],
    ["an admin token with HS512 and the right key", async () => `Bearer ${await sign(adminClaims(), adminKey, { alg: "HS512", kid: undefined })}`],
    ["an admin token whose sub is not admin", async () => `Bearer ${await sign(adminClaims({ sub: "root" }), adminKey, { alg: "HS256", kid: undefined })}`],
    [
      "an admin token with a tampered payload",
      async () => {
        const [header, , signature] = adminValid.split(".");
        return `Bearer ${header}.${b64(adminClaims({ exp: now() + 10 * 365 * 86400 }))}.${signature}`;
      },
    ],
    // Kubernetes tokens.
    [
      "the token of a deleted ServiceAccount",
      async () => {
        expect(await call(`Bearer ${deletedSaToken}`)).toBe("OK");
        await stack().core.deleteNamespacedServiceAccount({ namespace: "default", name: "doomed" });
        return `Bearer ${deletedSaToken}`;
      },
    ],
    [
      "a ServiceAccount token with a tampered payload",
      async () => {
        const [header, payload, signature] = saToken.split(".");
        const claims = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>;
        return `Bearer ${header}.${b64({ ...claims, sub: "system:serviceaccount:kargo:kargo-api" })}.${signature}`;
      },
    ],
  ];

  it("has at least 25 forged or malformed cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)("refuses %s with UNAUTHENTICATED", async (_, make) => {
    expect(await call(await make())).toBe(Code.Unauthenticated);
  });
});
