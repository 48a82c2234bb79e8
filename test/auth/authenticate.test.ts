import { randomBytes } from "node:crypto";
import { Code, ConnectError } from "@connectrpc/connect";
import { SignJWT } from "jose";
import type { AdminTokenOptions } from "../../src/auth/admin/admin-token-options.js";
import { mintAdminToken } from "../../src/auth/admin/mint-admin-token.js";
import { createAuthenticate } from "../../src/auth/authenticate.js";
import { tokenDigest } from "../../src/auth/token-digest.js";

const admin: AdminTokenOptions = { signingKey: new Uint8Array(randomBytes(32)), issuer: "urn:test:admin", audience: "urn:test", ttlSeconds: 60 };
const noReview = async () => undefined;
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "OK",
    (e: unknown) => Code[ConnectError.from(e).code],
  );

describe("createAuthenticate with a token for the TokenReview", () => {
  it("hands the reviewer the token and its digest, and the signed-token cache does not keep it", async () => {
    const asked: [string, string | undefined][] = [];
    const authenticate = createAuthenticate({
      admin,
      reviewToken: async (token, digest) => {
        asked.push([token, digest]);
        return { kind: "kubernetes", username: "system:serviceaccount:p:sa", groups: [] } as never;
      },
      verifiedTokenCache: { maxAgeMs: 600_000 },
    });
    await expect(authenticate("Bearer k8s-token")).resolves.toMatchObject({ kind: "kubernetes" });
    await expect(authenticate("Bearer k8s-token")).resolves.toMatchObject({ kind: "kubernetes" });
    expect(asked).toEqual([
      ["k8s-token", tokenDigest("k8s-token")],
      ["k8s-token", tokenDigest("k8s-token")],
    ]);
  });

  it("answers UNAUTHENTICATED when the review does not accept it, and UNAVAILABLE when it cannot be asked", async () => {
    const refused = createAuthenticate({ admin, reviewToken: noReview, verifiedTokenCache: { maxAgeMs: 600_000 } });
    expect(await codeOf(refused("Bearer k8s-token"))).toBe("Unauthenticated");
    const down = createAuthenticate({ admin, reviewToken: () => Promise.reject(new Error("connection refused")), verifiedTokenCache: { maxAgeMs: 600_000 } });
    expect(await codeOf(down("Bearer k8s-token"))).toBe("Unavailable");
  });
});

describe("createAuthenticate with verified admin tokens cached", () => {
  const T0 = Math.floor(Date.now() / 1000) * 1000;
  function setup() {
    let time = T0;
    const authenticate = createAuthenticate({ admin, reviewToken: noReview, verifiedTokenCache: { maxAgeMs: 600_000 }, now: () => time });
    return { authenticate, setTime: (ms: number) => void (time = ms) };
  }

  it("accepts a cached token until its exp, then refuses it once exp plus the 10 s leeway has passed", async () => {
    const { authenticate, setTime } = setup();
    const { token, expiresAt } = await mintAdminToken(admin, new Date(T0));
    expect(await codeOf(authenticate(`Bearer ${token}`))).toBe("OK");
    setTime(expiresAt.getTime() - 1);
    expect(await codeOf(authenticate(`Bearer ${token}`))).toBe("OK");
    setTime(expiresAt.getTime() + 10_001);
    expect(await codeOf(authenticate(`Bearer ${token}`))).toBe("Unauthenticated");
  });

  it("refuses a token with the cached token's header and payload but another signature", async () => {
    const { authenticate } = setup();
    const { token } = await mintAdminToken(admin, new Date(T0));
    expect(await codeOf(authenticate(`Bearer ${token}`))).toBe("OK");
    const other = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).sign(new Uint8Array(randomBytes(32)));
    const forged = `${token.split(".").slice(0, 2).join(".")}.${other.split(".")[2]}`;
    expect(await codeOf(authenticate(`Bearer ${forged}`))).toBe("Unauthenticated");
    // And the genuine one still works: a failure does not evict or poison the cache.
    expect(await codeOf(authenticate(`Bearer ${token}`))).toBe("OK");
  });

  it("hands out a frozen identity", async () => {
    const { authenticate } = setup();
    const { token } = await mintAdminToken(admin, new Date(T0));
    const identity = await authenticate(`Bearer ${token}`);
    expect(identity).toMatchObject({ kind: "admin", subject: "admin" });
    expect(Object.isFrozen(identity)).toBe(true);
  });
});
