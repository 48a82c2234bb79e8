import { refreshToken } from "../../src/domain/refresh-token.js";

describe("refreshToken", () => {
  const now = new Date("2026-11-23T10:00:00.123Z");

  it("is the time in RFC 3339 with milliseconds", () => {
    expect(refreshToken(undefined, now)).toBe("2026-11-23T10:00:00.123Z");
  });

  it("moves on by a millisecond when the stored token is the same, so the value always changes", () => {
    expect(refreshToken("2026-11-23T10:00:00.123Z", now)).toBe("2026-11-23T10:00:00.124Z");
  });

  it("ignores a different stored token (Kargo's whole-second form included)", () => {
    expect(refreshToken("2026-11-23T10:00:00Z", now)).toBe("2026-11-23T10:00:00.123Z");
  });
});
