import { Code } from "@connectrpc/connect";
import { RbacService } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { createProject, createUnmanagedRole, errorOf } from "./rbac-fixtures.js";

describe("RbacService.Revoke", () => {
  const stack = useKargoStack();
  const rbac = () => stack().client(RbacService);
  const verbs = (resourceType: string, v: string[], resourceName = "") => ({
    case: "resourceDetails" as const,
    value: { resourceType, resourceName, verbs: v },
  });
  const claims = (name: string, values: string[]) => ({ case: "userClaims" as const, value: { claims: [{ name, values }] } });
  const rulesOf = async (name: string) => {
    const { result } = await rbac().getRole({ project: "revokes", name });
    return result.case === "role" ? result.value.rules.map((r) => [r.resources[0], r.resourceNames[0] ?? "", r.verbs]) : [];
  };

  beforeAll(async () => {
    await createProject(stack(), "revokes");
    await createUnmanagedRole(stack(), "revokes", "hand-made");
    await rbac().createRole({
      role: {
        metadata: { namespace: "revokes", name: "r" },
        claims: [
          { name: "email", values: ["a@example.com", "b@example.com"] },
          { name: "groups", values: ["ops"] },
        ],
        rules: [
          { resources: ["stages"], verbs: ["get", "list", "update"] },
          { resources: ["stages"], resourceNames: ["prod"], verbs: ["get", "update"] },
          { resources: ["warehouses"], verbs: ["*"] },
        ],
      },
    });
    await rbac().createRole({ role: { metadata: { namespace: "revokes", name: "no-rules" } } });
  });

  describe("errors", () => {
    it("is INVALID_ARGUMENT when neither user_claims nor resource_details is given", async () => {
      expect((await errorOf(rbac().revoke({ project: "revokes", role: "r" }))).code).toBe(Code.InvalidArgument);
    });

    it("is INVALID_ARGUMENT for an unknown resource", async () => {
      expect((await errorOf(rbac().revoke({ project: "revokes", role: "r", request: verbs("doodads", ["get"]) }))).code).toBe(Code.InvalidArgument);
    });

    it("is NOT_FOUND when the role does not exist", async () => {
      expect((await errorOf(rbac().revoke({ project: "revokes", role: "ghost", request: verbs("stages", ["get"]) }))).code).toBe(Code.NotFound);
    });

    it("is FAILED_PRECONDITION for a role Kargo does not manage", async () => {
      expect((await errorOf(rbac().revoke({ project: "revokes", role: "hand-made", request: claims("email", ["a@example.com"]) }))).code).toBe(
        Code.FailedPrecondition,
      );
    });
  });

  describe("success", () => {
    it("removes verbs from the named rule only when a resource name is given", async () => {
      await rbac().revoke({ project: "revokes", role: "r", request: verbs("stages", ["update"], "prod") });
      expect(await rulesOf("r")).toEqual([
        ["stages", "", ["get", "list", "update"]],
        ["stages", "prod", ["get"]],
        ["warehouses", "", ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]],
      ]);
    });

    it("removes verbs from named and unnamed rules without a resource name, dropping rules left empty", async () => {
      await rbac().revoke({ project: "revokes", role: "r", request: verbs("stages", ["get", "update"]) });
      expect(await rulesOf("r")).toEqual([
        ["stages", "", ["list"]],
        ["warehouses", "", ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]],
      ]);
    });

    it("removes every verb with `*`", async () => {
      await rbac().revoke({ project: "revokes", role: "r", request: verbs("warehouses", ["*"]) });
      expect(await rulesOf("r")).toEqual([["stages", "", ["list"]]]);
    });

    it("is a no-op for a role without a Role", async () => {
      const { role } = await rbac().revoke({ project: "revokes", role: "no-rules", request: verbs("stages", ["get"]) });
      expect(role?.rules).toEqual([]);
    });

    it("removes claim values, dropping claims left without values", async () => {
      await rbac().revoke({ project: "revokes", role: "r", request: claims("groups", ["ops"]) });
      const { role } = await rbac().revoke({ project: "revokes", role: "r", request: claims("email", ["a@example.com", "unknown@example.com"]) });
      expect(role?.claims).toEqual([expect.objectContaining({ name: "email", values: ["b@example.com"] })]);
    });
  });
});
