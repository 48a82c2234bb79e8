import { applyPatch } from "../../../src/embedded/patch/apply-patch.js";
import { patchTypeForContentType } from "../../../src/embedded/patch/patch-type-for-content-type.js";
import { isUnsupportedPatchTypeError, UnsupportedPatchTypeError } from "../../../src/embedded/patch/unsupported-patch-type-error.js";

describe("patchTypeForContentType", () => {
  it.each([
    ["application/merge-patch+json", "merge"],
    ["application/json-patch+json", "json"],
    ["application/strategic-merge-patch+json", "strategic"],
    ["Application/Merge-Patch+JSON; charset=utf-8", "merge"],
  ])("maps %j to %s", (contentType, type) => {
    expect(patchTypeForContentType(contentType)).toBe(type);
  });

  it.each([
    ["application/apply-patch+yaml", /server-side apply is not supported/],
    ["application/apply-patch+cbor", /server-side apply is not supported/],
    ["application/json", /accepted media types are application\/json-patch\+json/],
    [undefined, /unsupported patch content type ""/],
  ])("rejects %j", (contentType, message) => {
    let caught: unknown;
    try {
      patchTypeForContentType(contentType);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(UnsupportedPatchTypeError);
    expect(isUnsupportedPatchTypeError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });
});

describe("applyPatch", () => {
  const target = { spec: { list: [1, 2] } };
  it.each([
    ["json", [{ op: "add", path: "/spec/list/-", value: 3 }], { spec: { list: [1, 2, 3] } }],
    ["merge", { spec: { list: [3] } }, { spec: { list: [3] } }],
    ["strategic", { spec: { list: [3] } }, { spec: { list: [3] } }],
  ] as const)("applies a %s patch", (type, patch, expected) => {
    expect(applyPatch(type, target, patch)).toEqual(expected);
  });
});
