import { decodeJsonToken, encodeJsonToken } from "../../src/util/json-token.js";

describe("JSON tokens", () => {
  it("give back the fields they were made of, in a URL-safe text", () => {
    const token = encodeJsonToken({ o: 100, q: "a/b+c?" });
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/u);
    expect(decodeJsonToken(token)).toEqual({ o: 100, q: "a/b+c?" });
  });

  it("decode anything else to no fields", () => {
    const of = (text: string) => Buffer.from(text).toString("base64url");
    for (const token of ["", "not a token", of("{"), of("null"), of("[1,2]"), of('"text"'), of("42")]) {
      expect(decodeJsonToken(token)).toEqual({});
    }
  });
});
