import { Code, ConnectError } from "@connectrpc/connect";
import { expandVerbs, normalizeRules, validateResource } from "../../src/rbac/index.js";

// Pure: groups for group-less rules come from this table instead of discovery.
const GROUPS: Record<string, string> = { stages: "kargo.akuity.io", freights: "kargo.akuity.io", secrets: "" };
const groupOf = (resource: string, field: string): string => {
  const group = GROUPS[resource.split("/")[0]!];
  if (group === undefined) throw new ConnectError(`${field}: unrecognized resource type "${resource}"`, Code.InvalidArgument);
  return group;
};
const normalize = (rules: Parameters<typeof normalizeRules>[0], customVerbs = true) => normalizeRules(rules, { customVerbs, field: "rules", groupOf });

describe("normalizeRules", () => {
  it("explodes rules into one group, one resource, one name each, merges equal keys and sorts by key", async () => {
    expect(
      await normalize([
        { apiGroups: ["kargo.akuity.io"], resources: ["stages", "freights/status"], resourceNames: ["a", "b"], verbs: ["get"] },
        { resources: ["stages"], resourceNames: ["a"], verbs: ["update", " get "] },
        { resources: ["secrets"], verbs: ["list"] },
      ]),
    ).toEqual([
      { apiGroups: [""], resources: ["secrets"], verbs: ["list"] },
      { apiGroups: ["kargo.akuity.io"], resources: ["freights/status"], resourceNames: ["a"], verbs: ["get"] },
      { apiGroups: ["kargo.akuity.io"], resources: ["freights/status"], resourceNames: ["b"], verbs: ["get"] },
      { apiGroups: ["kargo.akuity.io"], resources: ["stages"], resourceNames: ["a"], verbs: ["get", "update"] },
      { apiGroups: ["kargo.akuity.io"], resources: ["stages"], resourceNames: ["b"], verbs: ["get"] },
    ]);
  });

  it("expands `*` to every verb, adding promote on stages only when storing", async () => {
    const standard = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    expect((await normalize([{ resources: ["stages"], verbs: ["*"] }]))[0]?.verbs).toEqual([...standard.slice(0, 6), "promote", ...standard.slice(6)]);
    expect((await normalize([{ resources: ["stages"], verbs: ["*"] }], false))[0]?.verbs).toEqual(standard);
    expect((await normalize([{ resources: ["secrets"], verbs: ["*"] }]))[0]?.verbs).toEqual(standard);
  });

  it.each([
    [{ resources: ["stage"], verbs: ["get"] }, 'rules[0].resources: unrecognized resource type "stage"; did you mean "stages"?'],
    [{ resources: ["*"], verbs: ["get"] }, 'rules[0].resources: unrecognized resource type "*"'],
    [{ resources: ["widgets"], verbs: ["get"] }, 'rules[0].resources: unrecognized resource type "widgets"'],
    [{ resources: [], verbs: ["get"] }, "rules[0].resources should not be empty"],
    [{ resources: ["stages"], verbs: [" "] }, "rules[0].verbs should not be empty"],
  ])("refuses %j naming the field", async (rule, message) => {
    await expect(normalize([rule])).rejects.toMatchObject({ code: Code.InvalidArgument, rawMessage: message });
  });
});

describe("expandVerbs / validateResource", () => {
  it("leaves verbs other than `*` alone", () => {
    expect(expandVerbs(["promote", "get"], "kargo.akuity.io", "stages", true)).toEqual(["get", "promote"]);
  });

  it("accepts subresources of plural resources", () => {
    expect(() => validateResource("freights/status", "f")).not.toThrow();
  });
});
