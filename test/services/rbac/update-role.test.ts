import { Code } from "@connectrpc/connect";
import { RbacService } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { RESOURCES } from "../../../src/kube/index.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { createProject, createUnmanagedRole, errorOf, kubeOf, readObject } from "./rbac-fixtures.js";

describe("RbacService.UpdateRole", () => {
  const stack = useKargoStack();
  const rbac = () => stack().client(RbacService);

  beforeAll(async () => {
    await createProject(stack(), "update-roles");
    await createUnmanagedRole(stack(), "update-roles", "hand-made", [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }]);
    await rbac().createRole({ role: { metadata: { namespace: "update-roles", name: "ops", annotations: { "kargo.akuity.io/description": "Ops" } } } });
    // Claims in the legacy format too, as older Kargo wrote them.
    await kubeOf(stack()).mergePatch(
      RESOURCES.serviceaccounts,
      { namespace: "update-roles", name: "ops" },
      { metadata: { annotations: { "rbac.kargo.akuity.io/claim.email": "old@example.com", "rbac.kargo.akuity.io/claims": '{"groups":["x"]}' } } },
    );
  });

  describe("errors", () => {
    it("is INVALID_ARGUMENT when the name is empty", async () => {
      expect((await errorOf(rbac().updateRole({ role: { metadata: { namespace: "update-roles" } } }))).code).toBe(Code.InvalidArgument);
    });

    it("is NOT_FOUND when the project does not exist", async () => {
      expect((await errorOf(rbac().updateRole({ role: { metadata: { namespace: "nope", name: "ops" } } }))).code).toBe(Code.NotFound);
    });

    it("is NOT_FOUND when the role does not exist", async () => {
      expect((await errorOf(rbac().updateRole({ role: { metadata: { namespace: "update-roles", name: "ghost" } } }))).code).toBe(Code.NotFound);
    });

    it("is FAILED_PRECONDITION, changing nothing, for a role Kargo does not manage", async () => {
      const error = await errorOf(rbac().updateRole({ role: { metadata: { namespace: "update-roles", name: "hand-made" }, rules: [] } }));
      expect(error.code).toBe(Code.FailedPrecondition);
      expect(error.rawMessage).toContain('role "hand-made" in project "update-roles" is not managed by Kargo');
      expect((await readObject(stack(), RESOURCES.roles, "update-roles", "hand-made"))?.["rules"]).toHaveLength(1);
    });

    it("is INVALID_ARGUMENT for an unknown resource", async () => {
      const error = await errorOf(
        rbac().updateRole({ role: { metadata: { namespace: "update-roles", name: "ops" }, rules: [{ resources: ["gizmos"], verbs: ["get"] }] } }),
      );
      expect([error.code, error.rawMessage]).toEqual([Code.InvalidArgument, 'role.rules[0].resources: unrecognized resource type "gizmos"']);
    });
  });

  describe("success", () => {
    it("replaces claims (legacy annotations rewritten as JSON), description and rules; creates the missing Role", async () => {
      const { role } = await rbac().updateRole({
        role: {
          metadata: { namespace: "update-roles", name: "ops" },
          claims: [{ name: "email", values: ["new@example.com"] }],
          rules: [{ resources: ["promotions"], verbs: ["create", "get"] }],
        },
      });
      expect(role).toMatchObject({
        kargoManaged: true,
        claims: [{ name: "email", values: ["new@example.com"] }],
        rules: [{ apiGroups: ["kargo.akuity.io"], resources: ["promotions"], verbs: ["create", "get"] }],
      });
      expect(role?.metadata?.annotations).toEqual({});
      const sa = await readObject(stack(), RESOURCES.serviceaccounts, "update-roles", "ops");
      expect(sa?.metadata.annotations).toEqual({ "rbac.kargo.akuity.io/managed": "true", "rbac.kargo.akuity.io/claims": '{"email":["new@example.com"]}' });
      expect((await readObject(stack(), RESOURCES.roles, "update-roles", "ops"))?.metadata.annotations).toEqual({ "rbac.kargo.akuity.io/managed": "true" });
    });

    it("replaces the rules of an existing Role", async () => {
      const { role } = await rbac().updateRole({
        role: {
          metadata: { namespace: "update-roles", name: "ops", annotations: { "kargo.akuity.io/description": "Ops again" } },
          rules: [{ resources: ["stages"], verbs: ["get"] }],
        },
      });
      expect(role?.rules.map((r) => r.resources)).toEqual([["stages"]]);
      expect(role?.claims).toEqual([]);
      expect(role?.metadata?.annotations).toEqual({ "kargo.akuity.io/description": "Ops again" });
    });
  });
});
