import { generateName } from "../../../src/embedded/store/generate-name.js";
import { rfc3339Now } from "../../../src/embedded/store/rfc3339-now.js";

describe("generateName", () => {
  it("appends five characters from Kubernetes' vowel-free alphabet", () => {
    expect(generateName("promo-")).toMatch(/^promo-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it("trims a long prefix so the result fits a 63-character label", () => {
    expect(generateName("x".repeat(100))).toHaveLength(63);
  });
});

describe("rfc3339Now", () => {
  it("writes whole seconds in UTC with Z", () => {
    expect(rfc3339Now(new Date("2026-11-23T15:45:24.987Z"))).toBe("2026-11-23T15:45:24Z");
  });
});
