import { cachedToken } from "../../src/client/index.js";

describe("cachedToken", () => {
  it("shares one fetch between concurrent callers and reuses the token until the margin", async () => {
    let now = 0;
    let fetches = 0;
    const source = cachedToken(
      async () => ({ token: `t${++fetches}`, expiresAt: 10_000 }),
      1_000,
      () => now,
    );
    expect(await Promise.all([source.getToken(), source.getToken(), source.getToken()])).toEqual(["t1", "t1", "t1"]);
    now = 8_999;
    expect(await source.getToken()).toBe("t1");
    now = 9_000;
    expect(await source.getToken()).toBe("t2");
    source.invalidate();
    expect(await source.getToken()).toBe("t3");
  });

  it("does not cache a failed fetch", async () => {
    let calls = 0;
    const source = cachedToken(async () => {
      if (++calls === 1) throw new Error("down");
      return { token: "ok" };
    }, 0);
    await expect(source.getToken()).rejects.toThrow("down");
    expect(await source.getToken()).toBe("ok");
  });
});
