import { createLoginRateLimiter } from "../../../src/auth/admin/login-rate-limiter.js";

describe("createLoginRateLimiter", () => {
  function limiter(maxAddresses = 100) {
    let now = 1_000_000;
    const l = createLoginRateLimiter({ maxFailures: 3, windowMs: 60_000, maxAddresses, now: () => now });
    return { l, advance: (ms: number) => (now += ms) };
  }

  it("lets an address try until it has failed maxFailures times in the window", () => {
    const { l, advance } = limiter();
    l.recordFailure("a");
    advance(1_000);
    l.recordFailure("a");
    expect(l.retryAfterMs("a")).toBe(0);
    advance(1_000);
    l.recordFailure("a");
    // The first failure leaves the window 60 s after it happened, 58 s from now.
    expect(l.retryAfterMs("a")).toBe(58_000);
  });

  it("counts addresses separately", () => {
    const { l } = limiter();
    for (let i = 0; i < 3; i++) l.recordFailure("a");
    expect(l.retryAfterMs("a")).toBeGreaterThan(0);
    expect(l.retryAfterMs("b")).toBe(0);
  });

  it("lets the address try again once failures age out of the window", () => {
    const { l, advance } = limiter();
    for (let i = 0; i < 3; i++) l.recordFailure("a");
    advance(60_000);
    expect(l.retryAfterMs("a")).toBe(0);
  });

  it("forgets an address's failures after a success", () => {
    const { l } = limiter();
    l.recordFailure("a");
    l.recordFailure("a");
    l.recordSuccess("a");
    l.recordFailure("a");
    l.recordFailure("a");
    expect(l.retryAfterMs("a")).toBe(0);
  });

  it("keeps at most maxAddresses addresses, forgetting the least recently failing", () => {
    const { l } = limiter(2);
    for (const address of ["a", "b", "c"]) {
      for (let i = 0; i < 3; i++) l.recordFailure(address);
    }
    expect(l.retryAfterMs("a")).toBe(0);
    expect(l.retryAfterMs("b")).toBeGreaterThan(0);
    expect(l.retryAfterMs("c")).toBeGreaterThan(0);
  });
});
