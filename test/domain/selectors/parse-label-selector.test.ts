import { isSelectorParseError, SelectorParseError } from "../../../src/domain/selectors/selector-parse-error.js";
import { matchesLabels } from "../../../src/domain/selectors/matches-labels.js";
import { parseLabelSelector } from "../../../src/domain/selectors/parse-label-selector.js";

describe("parseLabelSelector", () => {
  describe("with valid text", () => {
    it.each([
      ["", []],
      ["   ", []],
      ["env=prod", [{ key: "env", operator: "Equals", values: ["prod"] }]],
      ["env==prod", [{ key: "env", operator: "Equals", values: ["prod"] }]],
      ["env!=prod", [{ key: "env", operator: "NotEquals", values: ["prod"] }]],
      ["env=", [{ key: "env", operator: "Equals", values: [""] }]],
      ["env in (a,b)", [{ key: "env", operator: "In", values: ["a", "b"] }]],
      ["env notin (a, b , c)", [{ key: "env", operator: "NotIn", values: ["a", "b", "c"] }]],
      ["env in (a,)", [{ key: "env", operator: "In", values: ["a", ""] }]],
      ["env", [{ key: "env", operator: "Exists", values: [] }]],
      ["!env", [{ key: "env", operator: "DoesNotExist", values: [] }]],
      ["! env", [{ key: "env", operator: "DoesNotExist", values: [] }]],
      ["replicas>2", [{ key: "replicas", operator: "GreaterThan", values: ["2"] }]],
      ["replicas<2", [{ key: "replicas", operator: "LessThan", values: ["2"] }]],
      ["kargo.akuity.io/project=demo", [{ key: "kargo.akuity.io/project", operator: "Equals", values: ["demo"] }]],
      [
        " a = 1 ,b!=2,  c in (x), !d, e ",
        [
          { key: "a", operator: "Equals", values: ["1"] },
          { key: "b", operator: "NotEquals", values: ["2"] },
          { key: "c", operator: "In", values: ["x"] },
          { key: "d", operator: "DoesNotExist", values: [] },
          { key: "e", operator: "Exists", values: [] },
        ],
      ],
    ])("parses %j", (text, requirements) => {
      expect(parseLabelSelector(text).requirements).toEqual(requirements);
    });
  });

  describe("with malformed text", () => {
    it.each([
      ["env=prod,", /expected a label key, found end of selector/],
      [",env", /expected a label key, found ","/],
      ["env in a,b", /expected "\(" after set operator/],
      ["env in ()", /values set can't be empty/],
      ["env in (a,b", /expected "," or "\)" in set/],
      ["env in (a b)", /expected "," or "\)" in set/],
      ["env prod", /expected one of "=", "==", "!=", "in", "notin" after key "env"/],
      ["env=prod=x", /expected "," or end of selector/],
      ["!env=prod", /expected "," or end after "!env"/],
      ["env=(a)", /expected a value after "="/],
      ["replicas>two", /expected an integer after ">"/],
      ["-env=prod", /invalid label key "-env"/],
      ["a/b/c=prod", /invalid label key "a\/b\/c"/],
      ["Example.com/env=prod", /invalid label key .*prefix part/],
      [`${"k".repeat(64)}=v`, /name part must be no more than 63 characters/],
      ["env=-prod", /invalid label value "-prod" for key "env"/],
      [`env=${"v".repeat(64)}`, /must be no more than 63 characters/],
      ["env in (ok,bad!)", /expected "," or "\)" in set/],
      ["env in (ok,_bad)", /invalid label value "_bad"/],
    ])("rejects %j", (text, message) => {
      let caught: unknown;
      try {
        parseLabelSelector(text);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(SelectorParseError);
      expect(isSelectorParseError(caught)).toBe(true);
      expect((caught as Error).message).toMatch(message);
      expect((caught as SelectorParseError).selector).toBe(text);
    });
  });
});

describe("isSelectorParseError", () => {
  it("is false for other errors and values", () => {
    expect(isSelectorParseError(new Error("x"))).toBe(false);
    expect(isSelectorParseError("SelectorParseError")).toBe(false);
  });
});

describe("matchesLabels", () => {
  const labels = { env: "prod", tier: "web", replicas: "3", empty: "" };
  it.each([
    ["", true],
    ["env=prod", true],
    ["env==prod", true],
    ["env=dev", false],
    ["missing=prod", false],
    ["env!=dev", true],
    ["env!=prod", false],
    ["missing!=prod", true],
    ["env in (dev,prod)", true],
    ["env in (dev,uat)", false],
    ["missing in (dev,prod)", false],
    ["env notin (dev,uat)", true],
    ["env notin (dev,prod)", false],
    ["missing notin (dev)", true],
    ["env", true],
    ["missing", false],
    ["!missing", true],
    ["!env", false],
    ["empty=", true],
    ["empty", true],
    ["replicas>2", true],
    ["replicas>3", false],
    ["replicas<4", true],
    ["env>1", false],
    ["missing<9", false],
    ["env=prod,tier=web", true],
    ["env=prod,tier=db", false],
  ])("%j against %o → %s", (text, expected) => {
    expect(matchesLabels(parseLabelSelector(text), labels)).toBe(expected);
  });

  it("treats null labels as no labels", () => {
    expect(matchesLabels(parseLabelSelector("!env"), null)).toBe(true);
    expect(matchesLabels(parseLabelSelector("env"), undefined)).toBe(false);
  });

  it("does not match inherited properties", () => {
    expect(matchesLabels(parseLabelSelector("constructor"), {})).toBe(false);
  });
});
