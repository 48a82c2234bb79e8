import { Code, ConnectError } from "@connectrpc/connect";
import type { AccessAttributes } from "../../../src/auth/authorization/access-attributes.js";
import { assertNoEscalation } from "../../../src/auth/authorization/assert-no-escalation.js";

describe("assertNoEscalation", () => {
  // The caller holds get/list on stages and patch on freights/status in "demo".
  const held = new Set(["get stages", "list stages", "patch freights/status"]);
  const asked: AccessAttributes[] = [];
  const check = async (a: AccessAttributes) => {
    asked.push(a);
    return a.namespace === "demo" && held.has(`${a.verb} ${a.resource}${a.subresource ? `/${a.subresource}` : ""}`);
  };
  beforeEach(() => {
    asked.length = 0;
  });

  it("passes when the caller holds every verb of every rule", async () => {
    await assertNoEscalation(check, "demo", [
      { apiGroup: "kargo.akuity.io", resource: "stages", verbs: ["get", "list"] },
      { apiGroup: "kargo.akuity.io", resource: "freights/status", resourceName: "f1", verbs: ["patch"] },
    ]);
    expect(asked).toContainEqual({ verb: "patch", group: "kargo.akuity.io", resource: "freights", subresource: "status", namespace: "demo", name: "f1" });
  });

  it("refuses with PERMISSION_DENIED naming the first verb the caller lacks", async () => {
    const error = await assertNoEscalation(check, "demo", [{ apiGroup: "kargo.akuity.io", resource: "stages", verbs: ["get", "promote", "delete"] }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.PermissionDenied);
    expect((error as ConnectError).rawMessage).toBe('requester may not grant permissions it does not hold: verb "promote" on resource "stages"');
  });

  it("reviews in the given namespace only", async () => {
    await expect(assertNoEscalation(check, "other", [{ apiGroup: "kargo.akuity.io", resource: "stages", verbs: ["get"] }])).rejects.toThrow(/may not grant/);
  });

  it("fails closed when a review cannot be made", async () => {
    const broken = async () => {
      throw new Error("apiserver down");
    };
    await expect(assertNoEscalation(broken, "demo", [{ apiGroup: "", resource: "secrets", verbs: ["get"] }])).rejects.toThrow("apiserver down");
  });
});
