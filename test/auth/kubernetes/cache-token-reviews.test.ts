import type { KubernetesIdentity } from "../../../src/auth/identity.js";
import { cacheTokenReviews } from "../../../src/auth/kubernetes/cache-token-reviews.js";

describe("cacheTokenReviews", () => {
  const robot: KubernetesIdentity = { kind: "kubernetes", username: "system:serviceaccount:a:robot", groups: [] };

  function setup(answer: (token: string) => KubernetesIdentity | undefined) {
    let now = 0;
    const asked: string[] = [];
    const review = cacheTokenReviews(async (token) => (asked.push(token), answer(token)), { ttlMs: 5_000, maxEntries: 2, now: () => now });
    return { review, asked, advance: (ms: number) => (now += ms) };
  }

  it("asks once per token within the TTL, then again", async () => {
    const { review, asked, advance } = setup(() => robot);
    expect(await review("t")).toBe(robot);
    advance(4_999);
    expect(await review("t")).toBe(robot);
    advance(1);
    await review("t");
    expect(asked).toEqual(["t", "t"]);
  });

  it("asks again at once about a token it was told to forget (a revoked API token), and only that one", async () => {
    let revoked = false;
    const { review, asked } = setup((token) => (token === "t" && revoked ? undefined : robot));
    await review("t");
    await review("u");
    revoked = true;
    review.forget("t");
    expect(await review("t")).toBeUndefined();
    await review("u");
    expect(asked).toEqual(["t", "u", "t"]);
  });

  it("asks again about every token of a ServiceAccount it was told was deleted, and only those", async () => {
    const other: KubernetesIdentity = { ...robot, username: "system:serviceaccount:a:other", serviceAccount: { namespace: "a", name: "other" } };
    const { review, asked } = setup((token) => (token === "o" ? other : { ...robot, serviceAccount: { namespace: "a", name: "robot" } }));
    for (const t of ["t", "o"]) await review(t);
    review.forgetServiceAccount("a", "robot");
    for (const t of ["t", "o"]) await review(t);
    expect(asked).toEqual(["t", "o", "t"]);
  });

  it("never caches a refusal", async () => {
    const { review, asked } = setup(() => undefined);
    expect(await review("bad")).toBeUndefined();
    expect(await review("bad")).toBeUndefined();
    expect(asked).toEqual(["bad", "bad"]);
  });

  it("does not trust a token past its own expiry", async () => {
    const { review, asked, advance } = setup(() => ({ ...robot, expiresAt: new Date(1_000) }));
    await review("t");
    advance(1_000);
    await review("t");
    expect(asked).toEqual(["t", "t"]);
  });

  it("keeps at most maxEntries tokens", async () => {
    const { review, asked } = setup(() => robot);
    for (const t of ["a", "b", "c", "a"]) await review(t);
    expect(asked).toEqual(["a", "b", "c", "a"]);
  });
});
