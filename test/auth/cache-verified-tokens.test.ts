import type { OidcIdentity } from "../../src/auth/identity.js";
import { cacheVerifiedTokens } from "../../src/auth/cache-verified-tokens.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");

// A verifier that accepts tokens "good:<name>:<exp ms>:sig" (a "signature" that must be exactly
// "sig") and counts its calls; a clock the test moves.
function setup(options: { maxAgeMs?: number; maxEntries?: number } = {}) {
  let time = T0;
  const calls: string[] = [];
  const verify = async (token: string): Promise<OidcIdentity> => {
    calls.push(token);
    const [kind, name, exp, sig, ...rest] = token.split(":");
    if (kind !== "good" || sig !== "sig" || rest.length > 0) throw new Error("signature verification failed");
    if (Number(exp) <= time) throw new Error('"exp" claim timestamp check failed');
    return {
      kind: "oidc",
      subject: name!,
      usernameClaim: "email",
      username: `${name}@example.com`,
      claims: { sub: name, groups: ["devs"] },
      expiresAt: new Date(Number(exp)),
    };
  };
  const verifier = cacheVerifiedTokens(verify, { maxAgeMs: options.maxAgeMs ?? 60_000, maxEntries: options.maxEntries, now: () => time });
  // This verifier never declines a token (it returns a promise for every one).
  const cached = (token: string) => verifier(token)!;
  return { cached, verifier, calls, advance: (ms: number) => void (time += ms) };
}

describe("cacheVerifiedTokens", () => {
  describe("a token the verifier declines (not an admin token or ID token)", () => {
    it("answers undefined, is not cached, and is offered to the verifier again next time", async () => {
      const asked: string[] = [];
      const verifier = cacheVerifiedTokens<OidcIdentity>((token) => void asked.push(token), { maxAgeMs: 60_000 });
      expect(verifier("kubernetes-token")).toBeUndefined();
      expect(verifier("kubernetes-token")).toBeUndefined();
      expect(asked).toEqual(["kubernetes-token", "kubernetes-token"]);
    });
  });

  describe("the digest a caller passes", () => {
    it("is the cache key: the same digest is a hit, whatever token comes with it", async () => {
      const { verifier, calls } = setup();
      const token = `good:alice:${T0 + 600_000}:sig`;
      await verifier(token, "digest-1");
      await expect(verifier("good:bob:1:sig", "digest-1")).resolves.toMatchObject({ subject: "alice" });
      await expect(verifier(token)).resolves.toMatchObject({ subject: "alice" });
      // The first call and the last (keyed by tokenDigest(token), not "digest-1") verified.
      expect(calls).toEqual([token, token]);
    });
  });

  describe("a token verified once", () => {
    it("is not verified again while cached", async () => {
      const { cached, calls } = setup();
      const token = `good:alice:${T0 + 600_000}:sig`;
      await cached(token);
      await expect(cached(token)).resolves.toMatchObject({ subject: "alice" });
      expect(calls).toHaveLength(1);
    });

    it("is verified again, and refused, once its exp has passed", async () => {
      const { cached, calls, advance } = setup();
      const token = `good:alice:${T0 + 2_000}:sig`;
      await cached(token);
      advance(1_999);
      await cached(token);
      expect(calls).toHaveLength(1);
      advance(1);
      await expect(cached(token)).rejects.toThrow(/exp/);
      expect(calls).toHaveLength(2);
    });

    it("is verified again after maxAgeMs even when its exp is later", async () => {
      const { cached, calls, advance } = setup({ maxAgeMs: 5_000 });
      const token = `good:alice:${T0 + 600_000}:sig`;
      await cached(token);
      advance(5_000);
      await cached(token);
      expect(calls).toHaveLength(2);
    });
  });

  describe("a token that fails", () => {
    it("is verified again on every use (failures are not cached)", async () => {
      const { cached, calls } = setup();
      await expect(cached("bad:mallory:0:sig")).rejects.toThrow();
      await expect(cached("bad:mallory:0:sig")).rejects.toThrow();
      expect(calls).toHaveLength(2);
    });

    it("is not accepted from the cache of a token that differs only in its last bytes (the signature)", async () => {
      const { cached, calls } = setup();
      const good = `good:alice:${T0 + 600_000}:sig`;
      await cached(good);
      const forged = `${good.slice(0, -3)}SIG`;
      await expect(cached(forged)).rejects.toThrow(/signature/);
      expect(calls).toEqual([good, forged]);
    });
  });

  describe("the identity handed out", () => {
    it("is frozen, claims included, and each caller gets its own expiresAt", async () => {
      const { cached } = setup();
      const token = `good:alice:${T0 + 600_000}:sig`;
      const first = await cached(token);
      const second = await cached(token);
      expect(Object.isFrozen(first)).toBe(true);
      expect(Object.isFrozen(first.claims)).toBe(true);
      expect(Object.isFrozen(first.claims["groups"])).toBe(true);
      expect(() => (first.claims["groups"] as string[]).push("admins")).toThrow(TypeError);
      first.expiresAt!.setTime(0);
      expect(second.expiresAt!.getTime()).toBe(T0 + 600_000);
      expect((await cached(token)).expiresAt!.getTime()).toBe(T0 + 600_000);
    });
  });

  describe("the bound", () => {
    it("keeps at most maxEntries tokens, dropping the least recently used", async () => {
      const { cached, calls } = setup({ maxEntries: 3 });
      const token = (n: number) => `good:user${n}:${T0 + 600_000}:sig`;
      for (const n of [1, 2, 3]) await cached(token(n));
      await cached(token(1)); // hit: user1 becomes the most recently used
      await cached(token(4)); // evicts user2
      expect(calls).toHaveLength(4);
      await cached(token(1));
      await cached(token(3));
      await cached(token(4));
      expect(calls).toHaveLength(4);
      await cached(token(2));
      expect(calls).toHaveLength(5);
    });
  });

  describe("disabled (maxAgeMs 0)", () => {
    it("verifies on every use", async () => {
      const { cached, calls } = setup({ maxAgeMs: 0 });
      const token = `good:alice:${T0 + 600_000}:sig`;
      await cached(token);
      await cached(token);
      expect(calls).toHaveLength(2);
    });
  });
});
