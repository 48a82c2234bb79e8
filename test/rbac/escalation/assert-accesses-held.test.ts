import { Code, ConnectError } from "@connectrpc/connect";
import type { AccessAttributes } from "../../../src/auth/authorization/access-attributes.js";
import { assertAccessesHeld, assertKargoRulesHeld, assertPolicyRulesHeld } from "../../../src/rbac/escalation/index.js";

// The caller holds get/list on stages and patch on freights/status in "demo".
const held = new Set(["get stages", "list stages", "patch freights/status"]);
const asked: AccessAttributes[] = [];
const check = async (a: AccessAttributes) => {
  asked.push(a);
  return a.namespace === "demo" && held.has(`${a.verb} ${a.resource}${a.subresource ? `/${a.subresource}` : ""}`);
};
const groupOf = async (resource: string) => (resource === "secrets" ? "" : "kargo.akuity.io");
beforeEach(() => {
  asked.length = 0;
});

async function denial(promise: Promise<void>): Promise<ConnectError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectError);
  expect((error as ConnectError).code).toBe(Code.PermissionDenied);
  return error as ConnectError;
}

describe("assertAccessesHeld", () => {
  it("passes when every access is held, reviewing each one", async () => {
    const patch = { verb: "patch", group: "kargo.akuity.io", resource: "freights", subresource: "status", namespace: "demo", name: "f1" };
    await assertAccessesHeld(check, [{ verb: "get", group: "kargo.akuity.io", resource: "stages", namespace: "demo" }, patch]);
    expect(asked).toContainEqual(patch);
  });

  it("refuses with PERMISSION_DENIED naming the first access the caller lacks, after what", async () => {
    const error = await denial(assertAccessesHeld(check, [{ verb: "delete", group: "kargo.akuity.io", resource: "stages", namespace: "demo" }], 'role "r"'));
    expect(error.rawMessage).toBe('role "r": requester may not grant permissions it does not hold: delete stages in namespace "demo"');
  });

  it("fails closed when a review cannot be made", async () => {
    const broken = async () => {
      throw new Error("apiserver down");
    };
    await expect(assertAccessesHeld(broken, [{ verb: "get", group: "", resource: "secrets", namespace: "demo" }])).rejects.toThrow("apiserver down");
  });
});

describe("assertKargoRulesHeld", () => {
  it("reviews each verb of each normalised rule in the namespace", async () => {
    await assertKargoRulesHeld(
      check,
      "demo",
      [
        { resources: ["stages"], verbs: ["get", "list"] },
        { resources: ["freights/status"], resourceNames: ["f1"], verbs: ["patch"] },
      ],
      groupOf,
    );
    expect(asked).toContainEqual({ verb: "patch", group: "kargo.akuity.io", resource: "freights", subresource: "status", namespace: "demo", name: "f1" });
  });

  it("expands * on stages into every verb including promote, so holding some is not enough", async () => {
    const error = await denial(assertKargoRulesHeld(check, "demo", [{ resources: ["stages"], verbs: ["*"] }], groupOf));
    expect(error.rawMessage).toMatch(/^requester may not grant permissions it does not hold: \w+ stages in namespace "demo"$/);
    expect(asked.map((a) => a.verb)).not.toContain("*");
  });

  it("reviews in the given namespace only", async () => {
    await denial(assertKargoRulesHeld(check, "other", [{ resources: ["stages"], verbs: ["get"] }], groupOf));
  });
});

describe("assertPolicyRulesHeld", () => {
  it("reviews a wildcard literally: granting * needs * held", async () => {
    const error = await denial(assertPolicyRulesHeld(check, "demo", [{ apiGroups: ["kargo.akuity.io"], resources: ["stages"], verbs: ["*"] }], 'role "wide"'));
    expect(error.rawMessage).toBe('role "wide": requester may not grant permissions it does not hold: * stages in namespace "demo"');
  });

  it("passes rules the caller holds, per name", async () => {
    await assertPolicyRulesHeld(
      check,
      "demo",
      [{ apiGroups: ["kargo.akuity.io"], resources: ["freights/status"], resourceNames: ["a", "b"], verbs: ["patch"] }],
      'role "ok"',
    );
    expect(asked.map((a) => a.name)).toEqual(["a", "b"]);
  });

  it("refuses nonResourceURLs before any review", async () => {
    const error = await denial(assertPolicyRulesHeld(check, undefined, [{ nonResourceURLs: ["/metrics"], verbs: ["get"] }], 'cluster role "m"'));
    expect(error.rawMessage).toMatch(/non-resource permissions/);
    expect(asked).toEqual([]);
  });
});
