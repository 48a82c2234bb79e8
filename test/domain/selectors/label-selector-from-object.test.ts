import { labelSelectorFromObject } from "../../../src/domain/selectors/label-selector-from-object.js";
import { labelSelectorMatcher } from "../../../src/domain/selectors/label-selector-matcher.js";
import { isSelectorParseError } from "../../../src/domain/selectors/selector-parse-error.js";
import type { LabelSelectorObject } from "../../../src/domain/selectors/types.js";

describe("labelSelectorMatcher", () => {
  const prod = { env: "prod", region: "eu" };
  const uat = { env: "uat" };
  it.each<[string, LabelSelectorObject | null | undefined, Record<string, string>, boolean]>([
    ["null matches nothing", null, prod, false],
    ["undefined matches nothing", undefined, prod, false],
    ["empty matches everything", {}, prod, true],
    ["matchLabels equal", { matchLabels: { env: "prod" } }, prod, true],
    ["matchLabels different", { matchLabels: { env: "prod" } }, uat, false],
    ["matchLabels all of them", { matchLabels: { env: "prod", region: "us" } }, prod, false],
    ["In", { matchExpressions: [{ key: "env", operator: "In", values: ["uat", "prod"] }] }, prod, true],
    ["In missing key", { matchExpressions: [{ key: "tier", operator: "In", values: ["web"] }] }, prod, false],
    ["NotIn", { matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }] }, uat, true],
    ["NotIn excluded", { matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }] }, prod, false],
    ["NotIn missing key", { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["web"] }] }, prod, true],
    ["Exists", { matchExpressions: [{ key: "region", operator: "Exists" }] }, prod, true],
    ["Exists missing", { matchExpressions: [{ key: "region", operator: "Exists" }] }, uat, false],
    ["DoesNotExist", { matchExpressions: [{ key: "region", operator: "DoesNotExist", values: null }] }, uat, true],
    ["DoesNotExist present", { matchExpressions: [{ key: "region", operator: "DoesNotExist" }] }, prod, false],
    ["labels and expressions are ANDed", { matchLabels: { env: "prod" }, matchExpressions: [{ key: "region", operator: "In", values: ["us"] }] }, prod, false],
  ])("%s", (_, selector, labels, expected) => {
    expect(labelSelectorMatcher(selector)(labels)).toBe(expected);
  });

  describe("with an invalid selector object", () => {
    it.each<[LabelSelectorObject, RegExp]>([
      [{ matchExpressions: [{ key: "env", operator: "Equals", values: ["a"] }] }, /"Equals" is not a valid label selector operator/],
      [{ matchExpressions: [{ key: "env", operator: "In", values: [] }] }, /matchExpressions\[0\]: values must be non-empty for operator In/],
      [{ matchExpressions: [{ key: "env", operator: "NotIn" }] }, /values must be non-empty for operator NotIn/],
      [{ matchExpressions: [{ key: "env", operator: "Exists", values: ["x"] }] }, /values must be empty for operator Exists/],
      [{ matchLabels: { "bad key!": "x" } }, /matchLabels: invalid label key "bad key!"/],
      [{ matchLabels: { env: "bad value" } }, /matchLabels\[env\]: invalid label value "bad value"/],
    ])("rejects %j", (selector, message) => {
      let caught: unknown;
      try {
        labelSelectorFromObject(selector);
      } catch (e) {
        caught = e;
      }
      expect(isSelectorParseError(caught)).toBe(true);
      expect((caught as Error).message).toMatch(message);
    });
  });
});
