import { fieldErrorsMessage } from "../../../src/domain/validation/field-errors-message.js";
import { invalid, required } from "../../../src/domain/validation/field-error.js";
import { dns1123LabelProblems, dns1123SubdomainProblems, labelValueProblems, qualifiedNameProblems } from "../../../src/domain/validation/name-rules.js";

describe("name rules", () => {
  it.each<[string, (v: string) => string[], string, number]>([
    ["subdomain", dns1123SubdomainProblems, "a.b-c.d", 0],
    ["subdomain", dns1123SubdomainProblems, "a..b", 1],
    ["subdomain", dns1123SubdomainProblems, "A", 1],
    ["subdomain", dns1123SubdomainProblems, "", 1],
    ["label", dns1123LabelProblems, "kargo-demo", 0],
    ["label", dns1123LabelProblems, "a.b", 1],
    ["label", dns1123LabelProblems, `${"a".repeat(63)}`, 0],
    ["label", dns1123LabelProblems, `${"a".repeat(64)}`, 1],
    ["qualified name", qualifiedNameProblems, "kargo.akuity.io/project", 0],
    ["qualified name", qualifiedNameProblems, "App_Name.v1", 0],
    ["qualified name", qualifiedNameProblems, "/name", 1],
    ["qualified name", qualifiedNameProblems, "prefix/", 1],
    ["qualified name", qualifiedNameProblems, "UPPER.io/name", 1],
    ["qualified name", qualifiedNameProblems, "a/b/c", 1],
    ["qualified name", qualifiedNameProblems, "name_", 1],
    ["label value", labelValueProblems, "", 0],
    ["label value", labelValueProblems, "v1.2_3-x", 0],
    ["label value", labelValueProblems, "has space", 1],
    ["label value", labelValueProblems, "x".repeat(64), 1],
  ])("%s %j has %i problem(s)", (_, rule, value, count) => {
    expect(rule(value)).toHaveLength(count);
  });
});

describe("fieldErrorsMessage", () => {
  it("prints one error as field: message", () => {
    expect(fieldErrorsMessage([required("spec.stage")])).toBe("spec.stage: Required value");
  });

  it("prints several errors in brackets", () => {
    expect(fieldErrorsMessage([required("spec.stage"), invalid("spec.freight", "X", "bad")])).toBe(
      '[spec.stage: Required value, spec.freight: Invalid value: "X": bad]',
    );
  });
});
