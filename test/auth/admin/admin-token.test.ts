import { randomBytes } from "node:crypto";
import { SignJWT, decodeJwt, decodeProtectedHeader } from "jose";
import type { AdminTokenOptions } from "../../../src/auth/admin/admin-token-options.js";
import { mintAdminToken } from "../../../src/auth/admin/mint-admin-token.js";
import { verifyAdminToken } from "../../../src/auth/admin/verify-admin-token.js";

const options: AdminTokenOptions = {
  signingKey: new Uint8Array(randomBytes(32)),
  issuer: "urn:test:admin",
  audience: "urn:test",
  ttlSeconds: 3600,
};

describe("admin tokens", () => {
  describe("mintAdminToken", () => {
    it("signs HS256 with iss, aud, sub=admin, iat, nbf, exp = now + TTL and a jti", async () => {
      const now = new Date("2026-01-01T00:00:00Z");
      const { token, expiresAt } = await mintAdminToken(options, now);
      expect(decodeProtectedHeader(token).alg).toBe("HS256");
      const claims = decodeJwt(token);
      expect(claims).toMatchObject({ iss: "urn:test:admin", aud: "urn:test", sub: "admin", iat: 1767225600, nbf: 1767225600, exp: 1767229200 });
      expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
      expect(expiresAt.toISOString()).toBe("2026-01-01T01:00:00.000Z");
    });

    it("gives each token its own jti", async () => {
      const a = decodeJwt((await mintAdminToken(options)).token).jti;
      const b = decodeJwt((await mintAdminToken(options)).token).jti;
      expect(a).not.toBe(b);
    });

    it("refuses a signing key shorter than 32 bytes", async () => {
      await expect(mintAdminToken({ ...options, signingKey: new Uint8Array(16) })).rejects.toThrow(/32 bytes/);
    });
  });

  describe("verifyAdminToken", () => {
    it("accepts a token it minted and reports its expiry", async () => {
      const { token, expiresAt } = await mintAdminToken(options);
      const identity = await verifyAdminToken(token, options);
      expect(identity).toEqual({ kind: "admin", subject: "admin", expiresAt });
    });

    it.each([
      ["another key", { signingKey: new Uint8Array(randomBytes(32)) }],
      ["another issuer", { issuer: "urn:other" }],
      ["another audience", { audience: "urn:other" }],
    ])("refuses a token checked with %s", async (_, change) => {
      const { token } = await mintAdminToken(options);
      await expect(verifyAdminToken(token, { ...options, ...change })).rejects.toThrow();
    });

    it("refuses an expired token beyond the leeway", async () => {
      const { token } = await mintAdminToken(options, new Date(Date.now() - 3600_000 - 60_000));
      await expect(verifyAdminToken(token, options)).rejects.toThrow(/exp/);
    });

    it("refuses a token whose sub is not admin", async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ jti: "x" })
        .setProtectedHeader({ alg: "HS256" })
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setSubject("root")
        .setIssuedAt(now)
        .setExpirationTime(now + 60)
        .sign(options.signingKey);
      await expect(verifyAdminToken(token, options)).rejects.toThrow(/sub/);
    });

    it("refuses an HS512 token even with the right key", async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ jti: "x" })
        .setProtectedHeader({ alg: "HS512" })
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setSubject("admin")
        .setIssuedAt(now)
        .setExpirationTime(now + 60)
        .sign(new Uint8Array(randomBytes(64)));
      await expect(verifyAdminToken(token, options)).rejects.toThrow(/alg/i);
    });
  });
});
