import { compareResourceVersions, newerResourceVersion } from "../../src/kube/compare-resource-versions.js";

describe("compareResourceVersions", () => {
  it("orders integer versions numerically, not as text", () => {
    expect(compareResourceVersions("9", "10")).toBeLessThan(0);
    expect(compareResourceVersions("100", "99")).toBeGreaterThan(0);
    expect(compareResourceVersions("123456789012345678901", "123456789012345678900")).toBeGreaterThan(0);
    expect(compareResourceVersions("7", "7")).toBe(0);
  });

  it("knows only equality for opaque versions", () => {
    expect(compareResourceVersions("abc", "abc")).toBe(0);
    expect(compareResourceVersions("abc", "10")).toBeUndefined();
    expect(compareResourceVersions("-1", "10")).toBeUndefined();
  });
});

describe("newerResourceVersion", () => {
  it("keeps the higher version and takes the first one seen", () => {
    expect(newerResourceVersion("10", "9")).toBe("10");
    expect(newerResourceVersion("9", "10")).toBe("10");
    expect(newerResourceVersion("", "5")).toBe("5");
    expect(newerResourceVersion("x", "y")).toBe("y");
  });
});
