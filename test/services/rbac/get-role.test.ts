import { Code } from "@connectrpc/connect";
import { parse } from "yaml";
import { RawFormat } from "../../../gen/kargo/api/v1/common_pb.js";
import { RbacService } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { RESOURCES } from "../../../src/kube/index.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { createProject, createUnmanagedRole, errorOf, kubeOf } from "./rbac-fixtures.js";
import { eventually } from "../../support/eventually.js";

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("RbacService.GetRole", () => {
  const stack = useKargoStack();
  const rbac = () => stack().client(RbacService);

  beforeAll(async () => {
    await createProject(stack(), "get-roles");
    // Made with kubectl: legacy claim annotations, a Role without apiGroups-normalised rules.
    await createUnmanagedRole(stack(), "get-roles", "legacy", [{ apiGroups: ["kargo.akuity.io"], resources: ["stages", "warehouses"], verbs: ["get"] }], {
      "rbac.kargo.akuity.io/claim.email": "b@example.com, a@example.com",
      "rbac.kargo.akuity.io/claims": '{"groups":["ops"]}',
    });
    const kube = kubeOf(stack());
    await kube.create(RESOURCES.serviceaccounts, {
      metadata: {
        namespace: "kargo",
        name: "kargo-viewer",
        labels: { "rbac.kargo.akuity.io/system-role": "true" },
        annotations: { "rbac.kargo.akuity.io/claims": '{"groups":["all"]}' },
      },
    });
    await stack().rbac.createClusterRole({
      body: { metadata: { name: "kargo-viewer" }, rules: [{ apiGroups: ["kargo.akuity.io"], resources: ["stages"], verbs: ["get", "list"] }] },
    });
    await stack().rbac.createClusterRoleBinding({
      body: {
        metadata: { name: "kargo-viewer" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "kargo-viewer" },
        subjects: [{ kind: "ServiceAccount", name: "kargo-viewer", namespace: "kargo" }],
      },
    });
    await eventually(
      async () =>
        (await rbac()
          .getRole({ systemLevel: true, name: "kargo-viewer" })
          .catch(() => undefined)) !== undefined,
      "the system role",
    );
  });

  describe("errors", () => {
    it("is INVALID_ARGUMENT when name is empty", async () => {
      const error = await errorOf(rbac().getRole({ project: "get-roles" }));
      expect([error.code, error.rawMessage]).toEqual([Code.InvalidArgument, "name should not be empty"]);
    });

    it("is NOT_FOUND when the project does not exist", async () => {
      expect((await errorOf(rbac().getRole({ project: "nope", name: "kargo-viewer" }))).code).toBe(Code.NotFound);
    });

    it("is NOT_FOUND when the role does not exist", async () => {
      const error = await errorOf(rbac().getRole({ project: "get-roles", name: "ghost" }));
      expect([error.code, error.rawMessage]).toEqual([Code.NotFound, 'role "ghost" not found in project "get-roles"']);
    });

    it("is NOT_FOUND at system level for a ServiceAccount that is not a system role", async () => {
      expect((await errorOf(rbac().getRole({ systemLevel: true, name: "kargo-api" }))).code).toBe(Code.NotFound);
    });
  });

  describe("success", () => {
    it("returns a managed role with its normalised rules", async () => {
      const { result } = await rbac().getRole({ project: "get-roles", name: "kargo-promoter" });
      expect(result.case).toBe("role");
      expect(result.value).toMatchObject({ kargoManaged: true, metadata: { name: "kargo-promoter", namespace: "get-roles" } });
      const rules = result.case === "role" ? result.value.rules : [];
      expect(rules).toContainEqual(
        expect.objectContaining({ apiGroups: ["kargo.akuity.io"], resources: ["stages"], verbs: ["get", "list", "promote", "watch"] }),
      );
      expect(rules.every((r) => r.apiGroups.length === 1 && r.resources.length === 1)).toBe(true);
    });

    it("returns a role Kargo does not manage as read-only, with claims of both annotation formats and its rules as stored", async () => {
      const { result } = await rbac().getRole({ project: "get-roles", name: "legacy" });
      expect(result.value).toMatchObject({
        kargoManaged: false,
        claims: [
          { name: "email", values: ["a@example.com", "b@example.com"] },
          { name: "groups", values: ["ops"] },
        ],
        rules: [{ apiGroups: ["kargo.akuity.io"], resources: ["stages", "warehouses"], verbs: ["get"] }],
      });
    });

    it("returns the underlying objects with as_resources", async () => {
      const { result } = await rbac().getRole({ project: "get-roles", name: "kargo-viewer", asResources: true });
      expect(result.case).toBe("resources");
      if (result.case !== "resources") return;
      expect(JSON.parse(decode(result.value.serviceAccount))).toMatchObject({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "kargo-viewer" } });
      expect(result.value.roles.map((r) => JSON.parse(decode(r)).kind)).toEqual(["Role"]);
      expect(result.value.roleBindings.map((r) => JSON.parse(decode(r)).kind)).toEqual(["RoleBinding"]);
      expect(result.value.clusterRoles).toEqual([]);
    });

    it("returns the role as JSON or YAML", async () => {
      const json = await rbac().getRole({ project: "get-roles", name: "kargo-viewer", format: RawFormat.JSON });
      expect(JSON.parse(decode(json.result.value as Uint8Array))).toMatchObject({ metadata: { name: "kargo-viewer" }, kargoManaged: true });
      const yaml = await rbac().getRole({ project: "get-roles", name: "kargo-viewer", format: RawFormat.YAML, asResources: true });
      expect(parse(decode(yaml.result.value as Uint8Array))).toMatchObject({ serviceAccount: { kind: "ServiceAccount" }, roles: [{ kind: "Role" }] });
    });

    it("returns a system-level role from the Kargo namespace, with the rules of the ClusterRole bound to it cluster-wide", async () => {
      const { result } = await rbac().getRole({ systemLevel: true, name: "kargo-viewer" });
      expect(result.value).toMatchObject({
        metadata: { name: "kargo-viewer", namespace: "kargo" },
        kargoManaged: false,
        claims: [{ name: "groups", values: ["all"] }],
        rules: [{ apiGroups: ["kargo.akuity.io"], resources: ["stages"], verbs: ["get", "list"] }],
      });
      const objects = await rbac().getRole({ systemLevel: true, name: "kargo-viewer", asResources: true });
      expect(objects.result.case === "resources" && objects.result.value.clusterRoles.map((r) => JSON.parse(decode(r)).metadata.name)).toEqual([
        "kargo-viewer",
      ]);
    });
  });
});
