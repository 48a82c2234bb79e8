import { cloneJson } from "../../src/util/clone-json.js";

describe("cloneJson", () => {
  const document = () =>
    JSON.parse(
      '{"apiVersion":"v1","metadata":{"name":"a","labels":{"x":"1"},"__proto__":{"polluted":true}},"spec":{"list":[1,"two",null,true,{"deep":[[]]}],"n":-0.5}}',
    ) as Record<string, unknown>;

  it("copies a JSON document deeply: equal to structuredClone's copy, sharing nothing with the original", () => {
    const original = document();
    const copy = cloneJson(original);
    expect(copy).toStrictEqual(structuredClone(original));
    expect(JSON.stringify(copy)).toBe(JSON.stringify(original));
    (copy["spec"] as { list: unknown[] }).list.push("added");
    (copy["metadata"] as Record<string, Record<string, string>>)["labels"]!["x"] = "changed";
    expect(original).toStrictEqual(document());
  });

  it("keeps a member named __proto__ a member, never a prototype", () => {
    const copy = cloneJson(document());
    const metadata = copy["metadata"] as Record<string, unknown>;
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
    expect(Object.hasOwn(metadata, "__proto__")).toBe(true);
    expect((metadata as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it("copies what is not plain JSON as structuredClone does, and fails where it fails", () => {
    const when = new Date(Date.UTC(2026, 0, 1));
    const value = { when, missing: undefined, map: new Map([["k", 1]]), nothing: Object.create(null) as object };
    const copy = cloneJson(value);
    expect(copy).toStrictEqual(structuredClone(value));
    expect(copy.when).not.toBe(when);
    expect(copy.when.getTime()).toBe(when.getTime());
    expect(Object.hasOwn(copy, "missing")).toBe(true);
    expect(() => cloneJson({ f: () => 1 })).toThrow(expect.objectContaining({ name: "DataCloneError" }));
  });
});
