import { Code } from "@connectrpc/connect";
import { RbacService } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { RESOURCES } from "../../../src/kube/index.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { createProject, createUnmanagedRole, errorOf, readObject } from "./rbac-fixtures.js";

describe("RbacService.Grant", () => {
  const stack = useKargoStack();
  const rbac = () => stack().client(RbacService);
  const verbs = (resourceType: string, v: string[], resourceName = "") => ({
    case: "resourceDetails" as const,
    value: { resourceType, resourceName, verbs: v },
  });
  const claims = (name: string, values: string[]) => ({ case: "userClaims" as const, value: { claims: [{ name, values }] } });

  beforeAll(async () => {
    await createProject(stack(), "grants");
    await createUnmanagedRole(stack(), "grants", "hand-made");
    await rbac().createRole({ role: { metadata: { namespace: "grants", name: "empty" } } });
  });

  describe("errors", () => {
    it("is INVALID_ARGUMENT when neither user_claims nor resource_details is given", async () => {
      const error = await errorOf(rbac().grant({ project: "grants", role: "empty" }));
      expect([error.code, error.rawMessage]).toEqual([Code.InvalidArgument, "one of user_claims or resource_details must be provided"]);
    });

    it.each([
      [verbs("", ["get"]), "resource_details.resource_type should not be empty"],
      [verbs("stages", []), "resource_details.verbs should not be empty"],
      [verbs("stage", ["get"]), 'resource_details.resource_type: unrecognized resource type "stage"; did you mean "stages"?'],
      [verbs("sprockets", ["get"]), 'resource_details.resource_type: unrecognized resource type "sprockets"'],
      [claims("email", []), "user_claims.claims should not be empty"],
    ])("is INVALID_ARGUMENT for %j", async (request, message) => {
      const error = await errorOf(rbac().grant({ project: "grants", role: "empty", request }));
      expect([error.code, error.rawMessage]).toEqual([Code.InvalidArgument, message]);
    });

    it("is NOT_FOUND when the role does not exist", async () => {
      expect((await errorOf(rbac().grant({ project: "grants", role: "ghost", request: verbs("stages", ["get"]) }))).code).toBe(Code.NotFound);
    });

    it("is NOT_FOUND when the project does not exist", async () => {
      expect((await errorOf(rbac().grant({ project: "nope", role: "empty", request: verbs("stages", ["get"]) }))).code).toBe(Code.NotFound);
    });

    it("is FAILED_PRECONDITION for a role Kargo does not manage", async () => {
      expect((await errorOf(rbac().grant({ project: "grants", role: "hand-made", request: claims("email", ["a@example.com"]) }))).code).toBe(
        Code.FailedPrecondition,
      );
    });
  });

  describe("success", () => {
    it("adds verbs on a resource, creating the Role and RoleBinding a role without rules lacks", async () => {
      const { role } = await rbac().grant({ project: "grants", role: "empty", request: verbs("warehouses", ["get"]) });
      expect(role?.rules).toEqual([expect.objectContaining({ apiGroups: ["kargo.akuity.io"], resources: ["warehouses"], verbs: ["get"] })]);
      expect(await readObject(stack(), RESOURCES.roles, "grants", "empty")).toBeDefined();
      expect(await readObject(stack(), RESOURCES.rolebindings, "grants", "empty")).toBeDefined();
    });

    it("merges verbs into the existing rule, and `*` on stages includes promote", async () => {
      await rbac().grant({ project: "grants", role: "empty", request: verbs("warehouses", ["list", "get"]) });
      const { role } = await rbac().grant({ project: "grants", role: "empty", request: verbs("stages", ["*"], "prod") });
      expect(role?.rules.map((r) => [r.resources[0], r.resourceNames, r.verbs])).toEqual([
        ["stages", ["prod"], ["create", "delete", "deletecollection", "get", "list", "patch", "promote", "update", "watch"]],
        ["warehouses", [], ["get", "list"]],
      ]);
    });

    it("merges claim values into the claims, sorted and de-duplicated", async () => {
      await rbac().grant({ project: "grants", role: "empty", request: claims("email", ["b@example.com"]) });
      const { role } = await rbac().grant({ project: "grants", role: "empty", request: claims("email", ["a@example.com", "b@example.com"]) });
      expect(role?.claims).toEqual([expect.objectContaining({ name: "email", values: ["a@example.com", "b@example.com"] })]);
    });
  });
});
