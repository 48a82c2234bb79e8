import { applyMergePatch } from "../../src/util/apply-merge-patch.js";

describe("applyMergePatch", () => {
  it.each<[string, unknown, unknown, unknown]>([
    ["replaces a scalar member", { a: "b" }, { a: "c" }, { a: "c" }],
    ["adds a member", { a: "b" }, { b: "c" }, { a: "b", b: "c" }],
    ["deletes a member with null", { a: "b", c: 1 }, { a: null }, { c: 1 }],
    ["ignores null for a missing member", { a: "b" }, { z: null }, { a: "b" }],
    ["merges nested objects", { spec: { x: 1, y: { z: 2 } } }, { spec: { y: { w: 3 } } }, { spec: { x: 1, y: { z: 2, w: 3 } } }],
    ["deletes inside nested objects", { spec: { x: 1, y: 2 } }, { spec: { y: null } }, { spec: { x: 1 } }],
    ["replaces arrays whole", { list: [1, 2, 3] }, { list: [4] }, { list: [4] }],
    ["replaces an array of objects whole", { list: [{ a: 1 }, { b: 2 }] }, { list: [{ c: 3 }] }, { list: [{ c: 3 }] }],
    ["replaces an object with a scalar", { a: { b: "c" } }, { a: "d" }, { a: "d" }],
    ["replaces a scalar with an object", { a: "d" }, { a: { b: "c" } }, { a: { b: "c" } }],
    ["drops nulls inside a new object", {}, { a: { b: null, c: 1 } }, { a: { c: 1 } }],
    ["a non-object patch replaces the document", { a: 1 }, ["x"], ["x"]],
    ["a null patch replaces the document with null", { a: 1 }, null, null],
    ["an object patch on an array target starts from {}", [1, 2], { a: 1 }, { a: 1 }],
    ["an empty patch changes nothing", { a: [1, { b: 2 }] }, {}, { a: [1, { b: 2 }] }],
    ["keeps explicit false and 0", { a: true, b: 5 }, { a: false, b: 0 }, { a: false, b: 0 }],
    [
      "merges labels the way kubectl label does",
      { metadata: { labels: { a: "1", b: "2" } } },
      { metadata: { labels: { b: null, c: "3" } } },
      { metadata: { labels: { a: "1", c: "3" } } },
    ],
  ])("%s", (_, target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  it("does not modify its inputs and shares no objects with the result", () => {
    const target = { spec: { keep: { deep: [1] }, change: { x: 1 } } };
    const patch = { spec: { change: { y: { z: 1 } } } };
    const before = structuredClone(target);
    const patchBefore = structuredClone(patch);
    const result = applyMergePatch(target, patch) as typeof target & { spec: { change: { y: { z: number } } } };
    expect(target).toEqual(before);
    expect(patch).toEqual(patchBefore);
    result.spec.keep.deep.push(2);
    result.spec.change.y.z = 9;
    expect(target.spec.keep.deep).toEqual([1]);
    expect(patch.spec.change.y.z).toBe(1);
  });

  it("sets a member named __proto__ as data, not as the prototype", () => {
    const result = applyMergePatch({}, JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result)).toEqual(["__proto__"]);
  });
});
