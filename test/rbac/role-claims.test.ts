import { claimEntries, claimMapOf, claimsAnnotationPatch, claimsOf } from "../../src/rbac/index.js";

describe("role claims", () => {
  it("reads the JSON annotation and the legacy per-claim annotations together, sorted and de-duplicated", () => {
    const claims = claimsOf({
      "rbac.kargo.akuity.io/claims": '{"groups":["ops","devs"],"email":"a@x.io"}',
      "rbac.kargo.akuity.io/claim.email": " b@x.io , a@x.io",
      unrelated: "x",
    });
    expect(claimEntries(claims)).toEqual([
      { name: "email", values: ["a@x.io", "b@x.io"] },
      { name: "groups", values: ["devs", "ops"] },
    ]);
  });

  it("writes claims as sorted JSON and removes the legacy annotations", () => {
    const current = { "rbac.kargo.akuity.io/claim.email": "a@x.io", "rbac.kargo.akuity.io/claims": "{}", other: "kept" };
    expect(
      claimsAnnotationPatch(
        claimMapOf([
          { name: "groups", values: ["b", "a", "b"] },
          { name: "email", values: [" c@x.io "] },
        ]),
        current,
      ),
    ).toEqual({
      "rbac.kargo.akuity.io/claims": '{"email":["c@x.io"],"groups":["a","b"]}',
      "rbac.kargo.akuity.io/claim.email": null,
    });
  });

  it("writes `{}` when no claims are left, dropping empty names and values", () => {
    expect(
      claimsAnnotationPatch(
        claimMapOf([
          { name: " ", values: ["a"] },
          { name: "email", values: [""] },
        ]),
        undefined,
      ),
    ).toEqual({ "rbac.kargo.akuity.io/claims": "{}" });
  });
});
