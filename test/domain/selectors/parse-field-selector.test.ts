import { matchesFields } from "../../../src/domain/selectors/matches-fields.js";
import { objectFields } from "../../../src/domain/selectors/object-fields.js";
import { parseFieldSelector } from "../../../src/domain/selectors/parse-field-selector.js";
import { isSelectorParseError } from "../../../src/domain/selectors/selector-parse-error.js";

describe("parseFieldSelector", () => {
  describe("with valid text", () => {
    it.each([
      ["", []],
      ["metadata.name=prod", [{ field: "metadata.name", operator: "Equals", value: "prod" }]],
      ["metadata.name==prod", [{ field: "metadata.name", operator: "Equals", value: "prod" }]],
      ["metadata.name!=prod", [{ field: "metadata.name", operator: "NotEquals", value: "prod" }]],
      ["metadata.namespace=", [{ field: "metadata.namespace", operator: "Equals", value: "" }]],
      [
        " metadata.name = a , metadata.namespace!=b",
        [
          { field: "metadata.name", operator: "Equals", value: "a" },
          { field: "metadata.namespace", operator: "NotEquals", value: "b" },
        ],
      ],
      ["metadata.name=a\\,b\\=c\\\\", [{ field: "metadata.name", operator: "Equals", value: "a,b=c\\" }]],
    ])("parses %j", (text, requirements) => {
      expect(parseFieldSelector(text).requirements).toEqual(requirements);
    });

    it("accepts a field the resource adds to the supported set", () => {
      const selector = parseFieldSelector("status.phase=Running", ["metadata.name", "status.phase"]);
      expect(selector.requirements).toEqual([{ field: "status.phase", operator: "Equals", value: "Running" }]);
    });
  });

  describe("with invalid text", () => {
    it.each([
      ["spec.replicas=1", /field label not supported: "spec.replicas"/],
      ["metadata.name", /expected field=value/],
      ["=prod", /missing field name/],
      ["metadata.name=a=b", /"=" must be escaped/],
      ["metadata.name=a\\x", /invalid escape sequence/],
    ])("rejects %j", (text, message) => {
      let caught: unknown;
      try {
        parseFieldSelector(text);
      } catch (e) {
        caught = e;
      }
      expect(isSelectorParseError(caught)).toBe(true);
      expect((caught as Error).message).toMatch(message);
    });

    it("rejects a default field the resource left out", () => {
      expect(() => parseFieldSelector("metadata.namespace=x", ["metadata.name"])).toThrow(/not supported: "metadata.namespace"/);
    });
  });
});

describe("matchesFields", () => {
  const stage = objectFields({ metadata: { name: "prod", namespace: "demo" } });
  const clusterScoped = objectFields({ metadata: { name: "global" } });
  it.each([
    ["metadata.name=prod", stage, true],
    ["metadata.name=uat", stage, false],
    ["metadata.name!=uat", stage, true],
    ["metadata.name!=prod", stage, false],
    ["metadata.name=prod,metadata.namespace=demo", stage, true],
    ["metadata.name=prod,metadata.namespace=other", stage, false],
    ["metadata.namespace=", clusterScoped, true],
    ["metadata.namespace!=", clusterScoped, false],
    ["", stage, true],
  ])("%j against %o → %s", (text, fields, expected) => {
    expect(matchesFields(parseFieldSelector(text), fields)).toBe(expected);
  });
});
