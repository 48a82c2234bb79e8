import { Code } from "@connectrpc/connect";
import { RbacService, type CreateRoleRequest } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { CreateRoleRequestSchema } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { RESOURCES } from "../../../src/kube/index.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { createProject, errorOf, kubeOf, readObject } from "./rbac-fixtures.js";

type Init = MessageInitShape<typeof CreateRoleRequestSchema>;

describe("RbacService.CreateRole", () => {
  const stack = useKargoStack();
  const rbac = () => stack().client(RbacService);
  const roleIn = (name: string, extra: Omit<NonNullable<Init["role"]>, "$typeName"> = {}): Init => ({
    role: { metadata: { namespace: "create-roles", name }, ...extra },
  });

  beforeAll(async () => {
    await createProject(stack(), "create-roles");
    await kubeOf(stack()).create(RESOURCES.roles, { metadata: { namespace: "create-roles", name: "only-a-role" }, rules: [] });
  });

  describe("errors", () => {
    it.each<[string, Init, string]>([
      // Refused by the authorization interceptor, which needs the project to authorize anything.
      ["role.metadata.namespace", {}, "role.metadata.namespace is required"],
      ["role.metadata.name", { role: { metadata: { namespace: "create-roles" } } }, "role.metadata.name should not be empty"],
      ["role.rules[0].resources", roleIn("r", { rules: [{ verbs: ["get"] }] }), "role.rules[0].resources should not be empty"],
      ["role.rules[0].verbs", roleIn("r", { rules: [{ resources: ["stages"] }] }), "role.rules[0].verbs should not be empty"],
      [
        "role.rules[0].resources (singular)",
        roleIn("r", { rules: [{ resources: ["stage"], verbs: ["get"] }] }),
        'role.rules[0].resources: unrecognized resource type "stage"; did you mean "stages"?',
      ],
      [
        "role.rules[1].resources (unknown)",
        roleIn("r", {
          rules: [
            { resources: ["stages"], verbs: ["get"] },
            { resources: ["widgets"], verbs: ["get"] },
          ],
        }),
        'role.rules[1].resources: unrecognized resource type "widgets"',
      ],
      [
        "role.rules[0].resources (*)",
        roleIn("r", { rules: [{ resources: ["*"], verbs: ["get"] }] }),
        'role.rules[0].resources: unrecognized resource type "*"',
      ],
    ])("is INVALID_ARGUMENT naming %s", async (_what, request, message) => {
      const error = await errorOf(rbac().createRole(request as CreateRoleRequest));
      expect(error.code).toBe(Code.InvalidArgument);
      expect(error.rawMessage).toBe(message);
    });

    it("is NOT_FOUND when the project does not exist", async () => {
      const error = await errorOf(rbac().createRole({ role: { metadata: { namespace: "nope", name: "r" } } }));
      expect(error.code).toBe(Code.NotFound);
      expect(error.rawMessage).toBe('project "nope" not found');
    });

    it("is ALREADY_EXISTS when the role exists", async () => {
      expect((await errorOf(rbac().createRole(roleIn("kargo-viewer") as CreateRoleRequest))).code).toBe(Code.AlreadyExists);
    });

    it("is ALREADY_EXISTS, creating nothing, when only a Role of that name exists", async () => {
      expect((await errorOf(rbac().createRole(roleIn("only-a-role") as CreateRoleRequest))).code).toBe(Code.AlreadyExists);
      expect(await readObject(stack(), RESOURCES.serviceaccounts, "create-roles", "only-a-role")).toBeUndefined();
    });
  });

  describe("success", () => {
    it("creates the managed trio with claims, description and normalised rules whose groups come from discovery", async () => {
      const { role } = await rbac().createRole(
        roleIn("deployer", {
          metadata: { namespace: "create-roles", name: "deployer", annotations: { "kargo.akuity.io/description": "Deploys", other: "dropped" } },
          claims: [
            { name: "groups", values: ["ops", "devs", "ops"] },
            { name: "email", values: [" a@example.com "] },
          ],
          rules: [
            { resources: ["stages", "warehouses"], verbs: ["get", " list ", "get"] },
            { resources: ["stages"], resourceNames: ["prod"], verbs: ["*"] },
            { resources: ["freights/status"], verbs: ["patch"] },
            { resources: ["configmaps"], verbs: ["get"] },
          ],
        }) as CreateRoleRequest,
      );
      expect(role).toMatchObject({
        metadata: { name: "deployer", namespace: "create-roles", annotations: { "kargo.akuity.io/description": "Deploys" } },
        kargoManaged: true,
        claims: [
          { name: "email", values: ["a@example.com"] },
          { name: "groups", values: ["devs", "ops"] },
        ],
      });
      expect(role?.rules.map((r) => [r.apiGroups, r.resources, r.resourceNames, r.verbs])).toEqual([
        [[""], ["configmaps"], [], ["get"]],
        [["kargo.akuity.io"], ["freights/status"], [], ["patch"]],
        [["kargo.akuity.io"], ["stages"], [], ["get", "list"]],
        // Stored with the custom verb; displayed as stored.
        [["kargo.akuity.io"], ["stages"], ["prod"], ["create", "delete", "deletecollection", "get", "list", "patch", "promote", "update", "watch"]],
        [["kargo.akuity.io"], ["warehouses"], [], ["get", "list"]],
      ]);

      const sa = await readObject(stack(), RESOURCES.serviceaccounts, "create-roles", "deployer");
      expect(sa?.metadata.annotations).toEqual({
        "rbac.kargo.akuity.io/managed": "true",
        "rbac.kargo.akuity.io/claims": '{"email":["a@example.com"],"groups":["devs","ops"]}',
        "kargo.akuity.io/description": "Deploys",
      });
      const stored = await readObject(stack(), RESOURCES.roles, "create-roles", "deployer");
      expect(stored?.metadata.annotations).toEqual({ "rbac.kargo.akuity.io/managed": "true" });
      expect(stored?.["rules"]).toContainEqual({
        apiGroups: ["kargo.akuity.io"],
        resources: ["stages"],
        resourceNames: ["prod"],
        verbs: expect.arrayContaining(["promote"]),
      });
      expect(await readObject(stack(), RESOURCES.rolebindings, "create-roles", "deployer")).toMatchObject({
        metadata: { annotations: { "rbac.kargo.akuity.io/managed": "true" } },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "deployer" },
        subjects: [{ kind: "ServiceAccount", name: "deployer", namespace: "create-roles" }],
      });
    });

    it("keeps explicit API groups as given", async () => {
      const { role } = await rbac().createRole(
        roleIn("custom", { rules: [{ apiGroups: ["example.com"], resources: ["gadgets"], verbs: ["get"] }] }) as CreateRoleRequest,
      );
      expect(role?.rules.map((r) => r.apiGroups)).toEqual([["example.com"]]);
    });
  });
});
