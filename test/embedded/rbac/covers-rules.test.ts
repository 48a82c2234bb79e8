import { coversRules, uncoveredRules } from "../../../src/embedded/rbac/covers-rules.js";
import type { PolicyRule } from "../../../src/embedded/rbac/types.js";

const K = "kargo.akuity.io";

describe("coversRules", () => {
  it.each<[string, PolicyRule[], PolicyRule[], boolean]>([
    [
      "* covers everything",
      [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }],
      [{ verbs: ["promote", "delete"], apiGroups: [K, ""], resources: ["stages", "secrets/status"] }],
      true,
    ],
    ["same rule", [{ verbs: ["get", "list"], apiGroups: [K], resources: ["stages"] }], [{ verbs: ["get"], apiGroups: [K], resources: ["stages"] }], true],
    [
      "an extra verb",
      [{ verbs: ["get"], apiGroups: [K], resources: ["stages"] }],
      [{ verbs: ["get", "delete"], apiGroups: [K], resources: ["stages"] }],
      false,
    ],
    [
      "pieces covered by different owner rules",
      [
        { verbs: ["get"], apiGroups: [K], resources: ["stages"] },
        { verbs: ["list"], apiGroups: [K], resources: ["stages"] },
      ],
      [{ verbs: ["get", "list"], apiGroups: [K], resources: ["stages"] }],
      true,
    ],
    [
      "verbs * covers a custom verb",
      [{ verbs: ["*"], apiGroups: [K], resources: ["stages"] }],
      [{ verbs: ["promote"], apiGroups: [K], resources: ["stages"] }],
      true,
    ],
    ["another group", [{ verbs: ["get"], apiGroups: [K], resources: ["stages"] }], [{ verbs: ["get"], apiGroups: ["apps"], resources: ["stages"] }], false],
    [
      "apiGroups * covers any group",
      [{ verbs: ["get"], apiGroups: ["*"], resources: ["stages"] }],
      [{ verbs: ["get"], apiGroups: ["apps"], resources: ["stages"] }],
      true,
    ],
    [
      "*/status covers stages/status",
      [{ verbs: ["update"], apiGroups: [K], resources: ["*/status"] }],
      [{ verbs: ["update"], apiGroups: [K], resources: ["stages/status"] }],
      true,
    ],
    [
      "stages does not cover stages/status",
      [{ verbs: ["update"], apiGroups: [K], resources: ["stages"] }],
      [{ verbs: ["update"], apiGroups: [K], resources: ["stages/status"] }],
      false,
    ],
    [
      "*/status does not cover stages",
      [{ verbs: ["update"], apiGroups: [K], resources: ["*/status"] }],
      [{ verbs: ["update"], apiGroups: [K], resources: ["stages"] }],
      false,
    ],
    [
      "names restricted owner does not cover unrestricted",
      [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["a"] }],
      [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"] }],
      false,
    ],
    [
      "listed names are covered",
      [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["a", "b"] }],
      [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["a"] }],
      true,
    ],
    [
      "an unlisted name is not",
      [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["a"] }],
      [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["a", "c"] }],
      false,
    ],
    [
      "an unrestricted owner covers names",
      [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"] }],
      [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["a"] }],
      true,
    ],
    ["URL prefix covers below it", [{ verbs: ["get"], nonResourceURLs: ["/healthz/*"] }], [{ verbs: ["get"], nonResourceURLs: ["/healthz/ready"] }], true],
    [
      "exact URL does not cover below it",
      [{ verbs: ["get"], nonResourceURLs: ["/healthz"] }],
      [{ verbs: ["get"], nonResourceURLs: ["/healthz/ready"] }],
      false,
    ],
    ["resource rules do not cover URLs", [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }], [{ verbs: ["get"], nonResourceURLs: ["/healthz"] }], false],
    ["URL rules do not cover resources", [{ verbs: ["*"], nonResourceURLs: ["*"] }], [{ verbs: ["get"], apiGroups: [""], resources: ["pods"] }], false],
    ["nothing requested", [], [{ verbs: [], apiGroups: [K], resources: ["stages"] }], true],
    ["no owner rules", [], [{ verbs: ["get"], apiGroups: [K], resources: ["stages"] }], false],
  ])("%s", (_, owner, requested, covered) => {
    expect(coversRules(owner, requested)).toBe(covered);
  });

  it("lists the uncovered pieces one verb, group and resource each", () => {
    expect(
      uncoveredRules(
        [{ verbs: ["get"], apiGroups: [K], resources: ["stages", "warehouses"] }],
        [
          { verbs: ["get", "delete"], apiGroups: [K], resources: ["stages", "warehouses"] },
          { verbs: ["get"], nonResourceURLs: ["/metrics"] },
        ],
      ),
    ).toEqual([
      { verbs: ["delete"], apiGroups: [K], resources: ["stages"] },
      { verbs: ["delete"], apiGroups: [K], resources: ["warehouses"] },
      { verbs: ["get"], nonResourceURLs: ["/metrics"] },
    ]);
  });
});
