import { createDecisionCache } from "../../../src/auth/authorization/create-decision-cache.js";

describe("createDecisionCache", () => {
  function cache(ttlMs = 5_000, maxEntries = 100) {
    let now = 0;
    return { c: createDecisionCache({ ttlMs, maxEntries, now: () => now }), advance: (ms: number) => (now += ms) };
  }

  it("reuses a decision within the TTL and asks again after it", async () => {
    const { c, advance } = cache();
    let calls = 0;
    const review = async () => ++calls === 1;
    expect(await c.get("k", review)).toBe(true);
    advance(4_999);
    expect(await c.get("k", review)).toBe(true);
    advance(1);
    expect(await c.get("k", review)).toBe(false);
    expect(calls).toBe(2);
  });

  it("merges concurrent reviews of the same key", async () => {
    const { c } = cache();
    let calls = 0;
    const review = () => new Promise<boolean>((resolve) => setTimeout(() => resolve(++calls > 0), 10));
    await Promise.all([c.get("k", review), c.get("k", review), c.get("k", review)]);
    expect(calls).toBe(1);
  });

  it("does not cache a failed review", async () => {
    const { c } = cache();
    await expect(
      c.get("k", async () => {
        throw new Error("down");
      }),
    ).rejects.toThrow("down");
    expect(await c.get("k", async () => true)).toBe(true);
  });

  it("asks every time when the TTL is 0", async () => {
    const { c } = cache(0);
    let calls = 0;
    await c.get("k", async () => ++calls > 0);
    await c.get("k", async () => ++calls > 0);
    expect(calls).toBe(2);
  });

  it("keeps at most maxEntries decisions, dropping the oldest", async () => {
    const { c } = cache(5_000, 2);
    let calls = 0;
    const review = async () => ++calls > 0;
    await c.get("a", review);
    await c.get("b", review);
    await c.get("c", review);
    await c.get("a", review);
    expect(calls).toBe(4);
  });
});
