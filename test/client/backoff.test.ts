import { backoff } from "../../src/client/create-retry-interceptor.js";
import { makeRetryOptions } from "../../src/client/retry-options.js";

describe("backoff", () => {
  it("doubles from the initial delay, capped, within ±20 %", () => {
    const settings = makeRetryOptions({ initialDelayMs: 100, maxDelayMs: 500 });
    for (const [attempt, base] of [
      [1, 100],
      [2, 200],
      [3, 400],
      [4, 500],
      [9, 500],
    ] as const) {
      const delay = backoff(settings, attempt);
      expect(delay).toBeGreaterThanOrEqual(base * 0.8);
      expect(delay).toBeLessThanOrEqual(base * 1.2);
    }
  });
});
