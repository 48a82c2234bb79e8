import { applyJsonPatch } from "../../../src/embedded/patch/apply-json-patch.js";
import { isJsonPatchError, JsonPatchError } from "../../../src/embedded/patch/json-patch-error.js";

describe("applyJsonPatch", () => {
  describe("with operations that apply", () => {
    it.each<[string, unknown, unknown[], unknown]>([
      ["add a member", { a: 1 }, [{ op: "add", path: "/b", value: 2 }], { a: 1, b: 2 }],
      ["add replaces an existing member", { a: 1 }, [{ op: "add", path: "/a", value: 2 }], { a: 2 }],
      ["add null", { a: 1 }, [{ op: "add", path: "/b", value: null }], { a: 1, b: null }],
      ["add inserts into an array", { l: [1, 3] }, [{ op: "add", path: "/l/1", value: 2 }], { l: [1, 2, 3] }],
      ["add at the array length appends", { l: [1] }, [{ op: "add", path: "/l/1", value: 2 }], { l: [1, 2] }],
      ["add with - appends", { l: [1] }, [{ op: "add", path: "/l/-", value: [2] }], { l: [1, [2]] }],
      ["add at the root replaces the document", { a: 1 }, [{ op: "add", path: "", value: [1] }], [1]],
      ["add to an empty-named member", {}, [{ op: "add", path: "/", value: 1 }], { "": 1 }],
      [
        "~1 escapes /",
        { metadata: { labels: {} } },
        [{ op: "add", path: "/metadata/labels/kargo.akuity.io~1project", value: "x" }],
        { metadata: { labels: { "kargo.akuity.io/project": "x" } } },
      ],
      ["~0 escapes ~", {}, [{ op: "add", path: "/a~0b", value: 1 }], { "a~b": 1 }],
      ["~01 is ~1, not /", {}, [{ op: "add", path: "/~01", value: 1 }], { "~1": 1 }],
      ["remove a member", { a: 1, b: 2 }, [{ op: "remove", path: "/a" }], { b: 2 }],
      ["remove an array element", { l: [1, 2, 3] }, [{ op: "remove", path: "/l/1" }], { l: [1, 3] }],
      ["replace a member", { a: 1 }, [{ op: "replace", path: "/a", value: { b: 2 } }], { a: { b: 2 } }],
      ["replace an array element", { l: [1, 2] }, [{ op: "replace", path: "/l/0", value: 9 }], { l: [9, 2] }],
      ["replace the root", { a: 1 }, [{ op: "replace", path: "", value: "x" }], "x"],
      ["move a member", { a: { b: 1 }, c: {} }, [{ op: "move", from: "/a/b", path: "/c/d" }], { a: {}, c: { d: 1 } }],
      ["move within an array", { l: [1, 2, 3] }, [{ op: "move", from: "/l/0", path: "/l/2" }], { l: [2, 3, 1] }],
      ["move to the same place", { a: 1 }, [{ op: "move", from: "/a", path: "/a" }], { a: 1 }],
      ["copy a member", { a: { b: 1 } }, [{ op: "copy", from: "/a", path: "/c" }], { a: { b: 1 }, c: { b: 1 } }],
      ["copy into an array", { l: [1] }, [{ op: "copy", from: "/l/0", path: "/l/-" }], { l: [1, 1] }],
      ["test a scalar", { a: "x" }, [{ op: "test", path: "/a", value: "x" }], { a: "x" }],
      [
        "test objects regardless of member order",
        { a: { x: 1, y: [1, { z: null }] } },
        [{ op: "test", path: "/a", value: { y: [1, { z: null }], x: 1 } }],
        { a: { x: 1, y: [1, { z: null }] } },
      ],
      ["test numbers by value", { a: 1 }, [{ op: "test", path: "/a", value: 1.0 }], { a: 1 }],
      ["test the root", [1], [{ op: "test", path: "", value: [1] }], [1]],
      [
        "apply operations in order",
        { spec: { steps: [] } },
        [
          { op: "test", path: "/spec/steps", value: [] },
          { op: "add", path: "/spec/steps/-", value: { uses: "git-clone" } },
          { op: "add", path: "/spec/steps/-", value: { uses: "git-push" } },
          { op: "replace", path: "/spec/steps/1/uses", value: "git-commit" },
        ],
        { spec: { steps: [{ uses: "git-clone" }, { uses: "git-commit" }] } },
      ],
      ["an empty patch changes nothing", { a: 1 }, [], { a: 1 }],
    ])("%s", (_, target, ops, expected) => {
      expect(applyJsonPatch(target, ops)).toEqual(expected);
    });
  });

  describe("with operations that fail", () => {
    it.each<[string, unknown, unknown, number, boolean, RegExp]>([
      ["a patch that is not an array", {}, { op: "add" }, -1, true, /must be an array/],
      ["an operation that is not an object", {}, ["add"], 0, true, /must be an object/],
      ["an unknown op", {}, [{ op: "merge", path: "/a" }], 0, true, /unknown op "merge"/],
      ["a missing path", {}, [{ op: "remove" }], 0, true, /missing or non-string "path"/],
      ["a missing from", {}, [{ op: "copy", path: "/a" }], 0, true, /missing or non-string "from"/],
      ["a missing value", {}, [{ op: "add", path: "/a" }], 0, true, /missing "value"/],
      ["a pointer without a leading /", {}, [{ op: "add", path: "a", value: 1 }], 0, true, /must be empty or start with "\/"/],
      ["a bad ~ escape", {}, [{ op: "add", path: "/a~2", value: 1 }], 0, true, /"~" must be followed by 0 or 1/],
      ["add under a missing parent", { a: 1 }, [{ op: "add", path: "/b/c", value: 1 }], 0, false, /path \/b does not exist/],
      ["add past the array end", { l: [1] }, [{ op: "add", path: "/l/3", value: 1 }], 0, false, /out of bounds/],
      ["add with a leading-zero index", { l: [1] }, [{ op: "add", path: "/l/01", value: 1 }], 0, false, /invalid array index "01"/],
      ["add under a scalar", { a: 1 }, [{ op: "add", path: "/a/b", value: 1 }], 0, false, /parent of \/a\/b is not an object or array/],
      ["remove a missing member", { a: 1 }, [{ op: "remove", path: "/b" }], 0, false, /path \/b does not exist/],
      ["remove past the array end", { l: [1] }, [{ op: "remove", path: "/l/1" }], 0, false, /path \/l\/1 does not exist/],
      ["remove with -", { l: [1] }, [{ op: "remove", path: "/l/-" }], 0, false, /path \/l\/- does not exist/],
      ["remove the root", { a: 1 }, [{ op: "remove", path: "" }], 0, false, /cannot remove the document root/],
      ["replace a missing member", { a: 1 }, [{ op: "replace", path: "/b", value: 1 }], 0, false, /path \/b does not exist/],
      ["move from a missing member", { a: 1 }, [{ op: "move", from: "/x", path: "/b" }], 0, false, /path \/x does not exist/],
      ["move into its own child", { a: { b: 1 } }, [{ op: "move", from: "/a", path: "/a/b/c" }], 0, false, /into one of its own children/],
      ["copy from a missing member", { a: 1 }, [{ op: "copy", from: "/x", path: "/b" }], 0, false, /path \/x does not exist/],
      ["a failed test", { a: "x" }, [{ op: "test", path: "/a", value: "y" }], 0, false, /test failed: value is "x", not "y"/],
      ["a test of a missing member", { a: 1 }, [{ op: "test", path: "/b", value: null }], 0, false, /path \/b does not exist/],
      ['a test of 1 against "1"', { a: 1 }, [{ op: "test", path: "/a", value: "1" }], 0, false, /test failed/],
      ["a test of array order", { a: [1, 2] }, [{ op: "test", path: "/a", value: [2, 1] }], 0, false, /test failed/],
      [
        "the index of a later operation",
        { a: 1 },
        [
          { op: "add", path: "/b", value: 2 },
          { op: "test", path: "/a", value: 1 },
          { op: "remove", path: "/zzz" },
        ],
        2,
        false,
        /json patch operation 2 \(remove "\/zzz"\)/,
      ],
    ])("reports %s", (_, target, ops, index, malformed, message) => {
      let caught: unknown;
      try {
        applyJsonPatch(target, ops);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(JsonPatchError);
      expect(isJsonPatchError(caught)).toBe(true);
      const error = caught as JsonPatchError;
      expect(error.index).toBe(index);
      expect(error.malformed).toBe(malformed);
      expect(error.message).toMatch(message);
    });
  });

  it("does not modify the target, even when a later operation fails", () => {
    const target = { a: { b: [1, 2] } };
    const before = structuredClone(target);
    expect(() =>
      applyJsonPatch(target, [
        { op: "add", path: "/a/b/-", value: 3 },
        { op: "remove", path: "/a/c" },
      ]),
    ).toThrow(JsonPatchError);
    const result = applyJsonPatch(target, [{ op: "add", path: "/a/b/0", value: 0 }]) as typeof target;
    expect(target).toEqual(before);
    expect(result.a.b).toEqual([0, 1, 2]);
    expect(result.a).not.toBe(target.a);
  });

  it("does not alias values from the patch into the result", () => {
    const value = { nested: [1] };
    const result = applyJsonPatch({}, [{ op: "add", path: "/v", value }]) as { v: { nested: number[] } };
    result.v.nested.push(2);
    expect(value.nested).toEqual([1]);
  });

  it("makes copy independent of its source", () => {
    const result = applyJsonPatch({ a: { x: 1 } }, [{ op: "copy", from: "/a", path: "/b" }]) as Record<string, { x: number }>;
    result["b"]!.x = 2;
    expect(result["a"]!.x).toBe(1);
  });
});
