import { cachedToken } from "../../src/client/index.js";
import { jwtExpiry } from "../../src/client/jwt-expiry.js";
import { backoff } from "../../src/client/create-retry-interceptor.js";
import { makeRetryOptions } from "../../src/client/retry-options.js";

describe("cachedToken", () => {
  it("shares one fetch between concurrent callers and reuses the token until the margin", async () => {
    let now = 0;
    let fetches = 0;
    const source = cachedToken(async () => ({ token: `t${++fetches}`, expiresAt: 10_000 }), 1_000, () => now);
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

describe("jwtExpiry", () => {
  it("reads exp in milliseconds, undefined for anything else", () => {
    const jwt = (payload: object) => `e30.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.sig`;
    expect(jwtExpiry(jwt({ exp: 1_700_000_000 }))).toBe(1_700_000_000_000);
    expect(jwtExpiry(jwt({}))).toBeUndefined();
    expect(jwtExpiry("opaque-api-token")).toBeUndefined();
  });
});

describe("backoff", () => {
  it("doubles from the initial delay, capped, within ±20 %", () => {
    const settings = makeRetryOptions({ initialDelayMs: 100, maxDelayMs: 500 });
    for (const [attempt, base] of [[1, 100], [2, 200], [3, 400], [4, 500], [9, 500]] as const) {
      const delay = backoff(settings, attempt);
      expect(delay).toBeGreaterThanOrEqual(base * 0.8);
      expect(delay).toBeLessThanOrEqual(base * 1.2);
    }
  });
});
