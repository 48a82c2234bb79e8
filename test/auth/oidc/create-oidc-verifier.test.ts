import { decodeJwt, decodeProtectedHeader } from "jose";
import { createOidcVerifier } from "../../../src/auth/oidc/create-oidc-verifier.js";
import { oidcLogin } from "../../support/oidc-login.js";
import { useOidcProvider } from "../../support/oidc-provider.js";

describe("createOidcVerifier against a real OpenID provider", () => {
  const provider = useOidcProvider();

  function verifier(cooldown = 0) {
    const p = provider();
    return createOidcVerifier({ issuerUrl: p.issuer, clientIds: [p.web.clientId, p.cli.clientId], jwksCooldownMs: cooldown });
  }

  beforeAll(() => {
    provider().setAccount("alice", { email: "alice@example.com", groups: ["devs", "ops"] });
  });

  it("verifies an ID token from the web client's authorization-code + PKCE login, with email and groups in it", async () => {
    const p = provider();
    const { idToken } = await oidcLogin(p.issuer, p.web, "alice");
    expect(decodeProtectedHeader(idToken).alg).toBe("RS256");
    const identity = await verifier().verify(idToken);
    expect(identity).toMatchObject({ kind: "oidc", subject: "alice", usernameClaim: "email", username: "alice@example.com" });
    expect(identity.claims["groups"]).toEqual(["devs", "ops"]);
    expect(identity.expiresAt!.getTime()).toBeGreaterThan(Date.now());
  });

  it("verifies an ID token of the CLI client (the second accepted audience)", async () => {
    const p = provider();
    const { idToken } = await oidcLogin(p.issuer, p.cli, "alice");
    expect(decodeJwt(idToken).aud).toBe(p.cli.clientId);
    await expect(verifier().verify(idToken)).resolves.toMatchObject({ subject: "alice" });
  });

  it("refuses a token for a client it was not configured with", async () => {
    const p = provider();
    const { idToken } = await oidcLogin(p.issuer, p.cli, "alice");
    const webOnly = createOidcVerifier({ issuerUrl: p.issuer, clientIds: [p.web.clientId] });
    await expect(webOnly.verify(idToken)).rejects.toThrow(/aud/);
  });

  it("uses the configured username claim", async () => {
    const p = provider();
    const { idToken } = await oidcLogin(p.issuer, p.web, "alice");
    const bySub = createOidcVerifier({ issuerUrl: p.issuer, clientIds: [p.web.clientId], usernameClaim: "sub" });
    await expect(bySub.verify(idToken)).resolves.toMatchObject({ usernameClaim: "sub", username: "alice" });
  });

  it("refuses a username claim that is not a string", async () => {
    const p = provider();
    const { idToken } = await oidcLogin(p.issuer, p.web, "alice");
    const byGroups = createOidcVerifier({ issuerUrl: p.issuer, clientIds: [p.web.clientId], usernameClaim: "groups" });
    await expect(byGroups.verify(idToken)).rejects.toThrow(/must be a string/);
  });

  it("keeps verifying after the provider rotates its signing key (unknown kid → JWKS re-fetched)", async () => {
    const p = provider();
    const v = verifier(0);
    const before = await oidcLogin(p.issuer, p.web, "alice");
    await v.verify(before.idToken);
    const oldKid = p.kid();
    await p.rotateKey();
    expect(p.kid()).not.toBe(oldKid);
    const after = await oidcLogin(p.issuer, p.web, "alice");
    expect(decodeProtectedHeader(after.idToken).kid).toBe(p.kid());
    await expect(v.verify(after.idToken)).resolves.toMatchObject({ subject: "alice" });
    // The old key is gone from the JWKS: its tokens no longer verify.
    await expect(v.verify(before.idToken)).rejects.toThrow();
  });

  it("fails closed while the provider cannot be reached, and recovers once it can", async () => {
    const p = provider();
    const { idToken } = await oidcLogin(p.issuer, p.web, "alice");
    // Discovery of a wrong issuer fails (nothing listens on port 9); the failure is not cached.
    const unreachable = createOidcVerifier({ issuerUrl: "http://127.0.0.1:9", clientIds: [p.web.clientId] });
    await expect(unreachable.verify(idToken)).rejects.toThrow();
    const v = verifier();
    await expect(v.verify(idToken)).resolves.toMatchObject({ subject: "alice" });
  });
});
