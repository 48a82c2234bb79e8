import { decodeContinueToken, encodeContinueToken } from "../../../src/embedded/store/continue-token.js";

describe("continue tokens", () => {
  it("round-trip type, version and last key, including odd characters", () => {
    const position = { type: "kargo.akuity.io/stages", resourceVersion: 42, after: { namespace: "a b", name: 'x/"y"' } };
    const token = encodeContinueToken(position);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeContinueToken(token)).toEqual(position);
  });

  it("round-trip the carried remaining count, and drop a malformed one", () => {
    const position = {
      type: "kargo.akuity.io/stages",
      resourceVersion: 42,
      after: { namespace: "a", name: "b" },
      remaining: { count: 7, at: 45, namespaced: true },
    };
    expect(decodeContinueToken(encodeContinueToken(position))).toEqual(position);
    const odd = Buffer.from(JSON.stringify({ v: 1, t: "x/y", rv: 1, ns: "", n: "b", rc: -1, ra: 2, rn: false })).toString("base64url");
    expect(decodeContinueToken(odd)).toEqual({ type: "x/y", resourceVersion: 1, after: { namespace: "", name: "b" } });
  });

  it("decode anything else to undefined", () => {
    expect(decodeContinueToken("")).toBeUndefined();
    expect(decodeContinueToken("not base64 json")).toBeUndefined();
    expect(decodeContinueToken(Buffer.from(JSON.stringify({ v: 2 })).toString("base64url"))).toBeUndefined();
  });
});
