import { jsonEqual } from "../../src/util/json-equal.js";

describe("jsonEqual", () => {
  it("ignores object key order at every depth", () => {
    expect(jsonEqual({ a: 1, b: { c: [1, { d: 2, e: 3 }] } }, { b: { c: [1, { e: 3, d: 2 }] }, a: 1 })).toBe(true);
  });

  it("respects array order", () => {
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
  });

  it("treats undefined-valued keys as absent, as JSON does", () => {
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
  });

  it("tells null, missing, arrays and objects apart", () => {
    expect(jsonEqual({ a: null }, {})).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual({ a: "1" }, { a: 1 })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });
});

describe("jsonEqual as JSON Patch's test operation", () => {
  it("compares numbers by value and strings exactly", () => {
    expect(jsonEqual({ n: 1.0 }, { n: 1 })).toBe(true);
    expect(jsonEqual("a", "A")).toBe(false);
  });

  it("compares nested arrays of objects member by member", () => {
    expect(jsonEqual([{ a: [1, 2] }], [{ a: [1, 2] }])).toBe(true);
    expect(jsonEqual([{ a: [1, 2] }], [{ a: [1, 3] }])).toBe(false);
  });
});
