import { jwtExpiry } from "../../src/client/jwt-expiry.js";

describe("jwtExpiry", () => {
  it("reads exp in milliseconds, undefined for anything else", () => {
    const jwt = (payload: object) => `e30.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.sig`;
    expect(jwtExpiry(jwt({ exp: 1_700_000_000 }))).toBe(1_700_000_000_000);
    expect(jwtExpiry(jwt({}))).toBeUndefined();
    expect(jwtExpiry("opaque-api-token")).toBeUndefined();
  });
});
