import { parseBearerToken } from "../../src/auth/parse-bearer-token.js";

describe("parseBearerToken", () => {
  it.each([
    ["Bearer abc.def-_~+/ghi==", "abc.def-_~+/ghi=="],
    ["bearer abc", "abc"],
    ["BEARER abc", "abc"],
  ])("reads the token of %j", (header, token) => {
    expect(parseBearerToken(header)).toBe(token);
  });

  it.each([
    [null],
    [""],
    ["Bearer"],
    ["Bearer "],
    ["Bearer  abc"],
    ["Bearer abc "],
    ["Bearer abc def"],
    ["Bearer abc, Bearer def"],
    ["Basic abc"],
    ["Bearer ab=c"],
    ["Bearer abc\u0000"],
  ])("finds no token in %j", (header) => {
    expect(parseBearerToken(header)).toBeUndefined();
  });

  it("refuses tokens over 16 KiB without looking further", () => {
    expect(parseBearerToken(`Bearer ${"a".repeat(16 * 1024)}`)).toBe("a".repeat(16 * 1024));
    expect(parseBearerToken(`Bearer ${"a".repeat(16 * 1024 + 1)}`)).toBeUndefined();
  });
});
