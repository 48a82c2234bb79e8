import { applyStrategicMergePatch } from "../../../src/embedded/patch/apply-strategic-merge-patch.js";

describe("applyStrategicMergePatch", () => {
  it.each<[string, unknown, unknown, unknown]>([
    ["merges objects like a merge patch", { a: { b: 1 } }, { a: { c: 2 } }, { a: { b: 1, c: 2 } }],
    ["deletes with null", { a: 1, b: 2 }, { a: null }, { b: 2 }],
    ["replaces lists whole (no merge keys)", { secrets: [{ name: "a" }] }, { secrets: [{ name: "b" }] }, { secrets: [{ name: "b" }] }],
    ["$patch: replace replaces the object", { data: { a: "1", b: "2" } }, { data: { $patch: "replace", c: "3" } }, { data: { c: "3" } }],
    ["$patch: delete deletes the object", { data: { a: "1" }, keep: 1 }, { data: { $patch: "delete" } }, { keep: 1 }],
    ["$patch: merge merges", { data: { a: "1" } }, { data: { $patch: "merge", b: "2" } }, { data: { a: "1", b: "2" } }],
    ["$retainKeys drops unlisted members", { s: { a: 1, b: 2, c: 3 } }, { s: { $retainKeys: ["a", "d"], d: 4 } }, { s: { a: 1, d: 4 } }],
    ["$deleteFromPrimitiveList removes values", { finalizers: ["a", "b", "c"] }, { "$deleteFromPrimitiveList/finalizers": ["b"] }, { finalizers: ["a", "c"] }],
    ["$setElementOrder is not stored", { l: [1, 2] }, { "$setElementOrder/l": [2, 1], l: [2, 1] }, { l: [2, 1] }],
    ["$patch: delete at the root gives null", { a: 1 }, { $patch: "delete" }, null],
  ])("%s", (_, target, patch, expected) => {
    expect(applyStrategicMergePatch(target, patch)).toEqual(expected);
  });

  it("does not modify its inputs", () => {
    const target = { a: { b: [1] }, c: 1 };
    const before = structuredClone(target);
    const result = applyStrategicMergePatch(target, { c: 2 }) as typeof target;
    result.a.b.push(2);
    expect(target).toEqual(before);
  });
});
