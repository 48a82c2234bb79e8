import { isRecord } from "../../src/util/is-record.js";

describe("isRecord", () => {
  it("accepts plain objects", () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord({ a: 1 })).toBe(true);
  });

  it("rejects arrays, null and primitives", () => {
    for (const value of [[], null, undefined, "x", 1, true]) expect(isRecord(value)).toBe(false);
  });
});
