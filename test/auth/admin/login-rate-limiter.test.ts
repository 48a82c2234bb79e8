import { createLoginRateLimiter, type LoginRateLimiterOptions } from "../../../src/auth/admin/login-rate-limiter.js";

// Every test drives the limiter's clock by hand: nothing here depends on how fast the machine is.
describe("createLoginRateLimiter", () => {
  function limiter(options: Partial<LoginRateLimiterOptions> = {}) {
    let now = 1_000_000;
    const l = createLoginRateLimiter({ maxFailures: 3, baseDelayMs: 1_000, maxDelayMs: 30_000, now: () => now, ...options });
    return { l, advance: (ms: number) => (now += ms) };
  }

  it("lets a key try freely until it has failed maxFailures times in a row, then makes it wait", () => {
    const { l } = limiter();
    l.recordFailure("a");
    l.recordFailure("a");
    expect(l.retryAfterMs("a")).toBe(0);
    l.recordFailure("a");
    expect(l.retryAfterMs("a")).toBe(1_000);
  });

  it("doubles the wait with each further failure, up to maxDelayMs and never beyond", () => {
    const { l, advance } = limiter();
    const waits: number[] = [];
    for (let i = 0; i < 40; i++) {
      advance(l.retryAfterMs("a"));
      l.recordFailure("a");
      waits.push(l.retryAfterMs("a"));
    }
    expect(waits.slice(0, 9)).toEqual([0, 0, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(Math.max(...waits)).toBe(30_000);
  });

  it("does not lengthen the wait for attempts refused during it", () => {
    const { l, advance } = limiter();
    for (let i = 0; i < 3; i++) l.recordFailure("a");
    advance(500);
    // Refused attempts only read the limiter.
    for (let i = 0; i < 100; i++) expect(l.retryAfterMs("a")).toBe(500);
  });

  it("counts keys separately", () => {
    const { l } = limiter();
    for (let i = 0; i < 3; i++) l.recordFailure("a");
    expect(l.retryAfterMs("a")).toBeGreaterThan(0);
    expect(l.retryAfterMs("b")).toBe(0);
  });

  it("forgets a key's failures after a success, and after forgetAfterMs without one", () => {
    const { l, advance } = limiter({ forgetAfterMs: 60_000 });
    l.recordFailure("a");
    l.recordFailure("a");
    l.recordSuccess("a");
    l.recordFailure("a");
    l.recordFailure("a");
    expect(l.retryAfterMs("a")).toBe(0);
    advance(60_000);
    l.recordFailure("a");
    expect(l.retryAfterMs("a")).toBe(0);
  });

  it("over the global cap, starts the wait at a key's first failure — and never makes it longer than maxDelayMs", () => {
    const { l, advance } = limiter({ globalFailuresPerMinute: 10 });
    for (let i = 0; i < 11; i++) l.recordFailure(`spray-${i}`);
    expect(l.retryAfterMs("fresh")).toBe(0);
    l.recordFailure("fresh");
    expect(l.retryAfterMs("fresh")).toBe(1_000);
    for (let i = 0; i < 50; i++) {
      advance(l.retryAfterMs("fresh"));
      l.recordFailure("fresh");
      expect(l.retryAfterMs("fresh")).toBeLessThanOrEqual(30_000);
    }
    // A minute without failures anywhere: back to maxFailures free failures for a new key.
    advance(61_000);
    l.recordFailure("later");
    expect(l.retryAfterMs("later")).toBe(0);
  });

  it("keeps at most maxAddresses keys, forgetting the least recently failing", () => {
    const { l } = limiter({ maxAddresses: 2 });
    for (const key of ["a", "b", "c"]) {
      for (let i = 0; i < 3; i++) l.recordFailure(key);
    }
    expect(l.retryAfterMs("a")).toBe(0);
    expect(l.retryAfterMs("b")).toBeGreaterThan(0);
    expect(l.retryAfterMs("c")).toBeGreaterThan(0);
  });
});
