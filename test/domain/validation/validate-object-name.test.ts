import { validateObjectName } from "../../../src/domain/validation/validate-object-name.js";

describe("validateObjectName", () => {
  it.each([
    ["prod", "Stage"],
    ["uat.01jabcdefgh.f1e6d2a", "Promotion"],
    ["a".repeat(253), "Warehouse"],
    ["kargo-demo", "Project"],
    ["kargo-demo", "Namespace"],
    ["system:controller:kargo", "ClusterRole"],
    ["kargo-admin", "RoleBinding"],
    ["Weird Name:ok", "Role"],
  ])("accepts %j for a %s", (name, kind) => {
    expect(validateObjectName(name, kind)).toEqual([]);
  });

  it.each([
    ["Prod", "Stage", /lowercase RFC 1123 subdomain/],
    ["my_stage", "Stage", /lowercase RFC 1123 subdomain/],
    ["-prod", "Stage", /must start and end with an alphanumeric/],
    ["a".repeat(254), "Warehouse", /no more than 253 characters/],
    ["kargo.demo", "Project", /lowercase RFC 1123 label/],
    ["a".repeat(64), "Namespace", /no more than 63 characters/],
    ["a/b", "Role", /may not contain '\/'/],
    ["50%", "ClusterRoleBinding", /may not contain '%'/],
    ["..", "RoleBinding", /may not be '\.\.'/],
  ])("rejects %j for a %s", (name, kind, message) => {
    const errors = validateObjectName(name, kind);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ field: "metadata.name", reason: "FieldValueInvalid" });
    expect(errors[0]!.message).toMatch(message);
  });

  it.each([[""], [undefined]])("requires a name (%j)", (name) => {
    expect(validateObjectName(name, "Stage")).toEqual([{ field: "metadata.name", reason: "FieldValueRequired", message: "Required value" }]);
  });

  it("reports at the field it is given", () => {
    expect(validateObjectName("Bad", "Stage", "metadata.generateName")[0]!.field).toBe("metadata.generateName");
  });
});
