import { decodeContinueToken, encodeContinueToken } from "../../../src/embedded/store/continue-token.js";

describe("continue tokens", () => {
  it("round-trip type, version and last key, including odd characters", () => {
    const position = { type: "kargo.akuity.io/stages", resourceVersion: 42, after: { namespace: "a b", name: "x/\"y\"" } };
    const token = encodeContinueToken(position);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeContinueToken(token)).toEqual(position);
  });

  it("decode anything else to undefined", () => {
    expect(decodeContinueToken("")).toBeUndefined();
    expect(decodeContinueToken("not base64 json")).toBeUndefined();
    expect(decodeContinueToken(Buffer.from(JSON.stringify({ v: 2 })).toString("base64url"))).toBeUndefined();
  });
});
