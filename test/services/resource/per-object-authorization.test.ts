import type { V1PolicyRule } from "@kubernetes/client-node";
import { ResourceService } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { configMap, errorFor, manifest, outcomes, projectObjects, stage, warehouse } from "./resource-fixtures.js";

const project = "authz";
const KARGO = "kargo.akuity.io";
const READ = ["get", "list", "watch"];

/**
 * Every object of a manifest is authorized as its own kind, with the typed RPCs' extra checks
 * (DESIGN "Authorization is declared"): the callers here are ServiceAccount tokens (Kubernetes
 * identities, reviewed by SelfSubjectAccessReview with their own token) bound to narrow Roles.
 */
describe("ResourceService per-object authorization", () => {
  const stack = useKargoStack();
  const tokens: Record<string, string> = {};
  const as = (who: string) => stack().client(ResourceService, tokens[who]!);
  const create = (who: string, ...objects: object[]) => as(who).createResource({ manifest: manifest(...objects) });

  /** A ServiceAccount `name` bound to a Role of the same name with `rules`, and a token for it. */
  async function caller(name: string, rules: V1PolicyRule[]): Promise<void> {
    const { core, rbac } = stack();
    await core.createNamespacedServiceAccount({ namespace: project, body: { metadata: { name } } });
    await rbac.createNamespacedRole({ namespace: project, body: { metadata: { name }, rules } });
    await rbac.createNamespacedRoleBinding({
      namespace: project,
      body: {
        metadata: { name },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
        subjects: [{ kind: "ServiceAccount", name, namespace: project }],
      },
    });
    tokens[name] = (await core.createNamespacedServiceAccountToken({ namespace: project, name, body: { spec: { expirationSeconds: 3600 } } })).status!.token!;
  }

  const promotion = {
    apiVersion: `${KARGO}/v1alpha1`,
    kind: "Promotion",
    metadata: { name: "test.manual", namespace: project },
    spec: { stage: "test", freight: "0123456789abcdef", steps: [{ uses: "git-clone" }] },
  };
  const role = (name: string, rules: V1PolicyRule[]) => ({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: { name, namespace: project },
    rules,
  });
  const binding = (name: string, roleName: string) => ({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name, namespace: project },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: roleName },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "someone@example.com" }],
  });

  beforeAll(async () => {
    const [namespace, projectObject] = projectObjects(project);
    await stack()
      .client(ResourceService)
      .createResource({ manifest: manifest(namespace!, projectObject!, warehouse(project, "images"), stage(project, "test"), configMap(project, "existing")) });
    await caller("viewer", [
      { apiGroups: [KARGO], resources: ["stages", "warehouses", "freights", "promotions", "projects"], verbs: READ },
      { apiGroups: [""], resources: ["configmaps"], verbs: ["create"] },
    ]);
    await caller("no-promote", [
      { apiGroups: [KARGO], resources: ["promotions"], verbs: ["create"] },
      { apiGroups: [KARGO], resources: ["stages"], verbs: READ },
    ]);
    await caller("promoter", [
      { apiGroups: [KARGO], resources: ["promotions"], verbs: ["create"] },
      { apiGroups: [KARGO], resources: ["stages"], verbs: ["promote"], resourceNames: ["test"] },
    ]);
    await caller("rbac-writer", [
      { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: ["create"] },
      { apiGroups: [""], resources: ["serviceaccounts", "secrets"], verbs: ["create", "update"] },
      { apiGroups: [KARGO], resources: ["stages"], verbs: READ },
    ]);
    // A Role, and a ServiceAccount bound to it, with more than rbac-writer holds.
    await caller("powerful", [{ apiGroups: [KARGO], resources: ["stages", "freights"], verbs: ["*"] }]);
  });

  describe("a project viewer", () => {
    it("cannot create a Stage through a manifest, while its other objects proceed", async () => {
      const { results } = await create("viewer", stage(project, "sneaky"), configMap(project, "allowed"));
      expect(outcomes(results)).toEqual([`Stage ${project}/sneaky: permission_denied`, `ConfigMap ${project}/allowed: createdResource`]);
      expect(errorFor(results, "sneaky").message).toBe(`permission denied: not permitted to create stages in namespace "${project}"`);
      await expect(
        stack().custom.getNamespacedCustomObject({ group: KARGO, version: "v1alpha1", namespace: project, plural: "stages", name: "sneaky" }),
      ).rejects.toMatchObject({ code: 404 });
    });

    it("cannot replace or delete a Stage either, nor create a Project", async () => {
      const update = await as("viewer").updateResource({ manifest: manifest(stage(project, "test")) });
      expect(outcomes(update.results)).toEqual([`Stage ${project}/test: permission_denied`]);
      const remove = await as("viewer").deleteResource({ manifest: manifest(stage(project, "test")) });
      expect(errorFor(remove.results, "test").message).toBe(`permission denied: not permitted to delete stages "test" in namespace "${project}"`);
      const projectCreate = await create("viewer", projectObjects("viewer-project")[1]!);
      expect(outcomes(projectCreate.results)).toEqual(["Project /viewer-project: permission_denied"]);
    });

    it("learns nothing about existence from a denial: permission_denied, not already_exists", async () => {
      const { results } = await create("viewer", warehouse(project, "images"));
      expect(outcomes(results)).toEqual([`Warehouse ${project}/images: permission_denied`]);
    });

    it("is refused create-or-update when it holds neither verb", async () => {
      const { results } = await as("viewer").createOrUpdateResource({ manifest: manifest(stage(project, "test")) });
      expect(outcomes(results)).toEqual([`Stage ${project}/test: permission_denied`]);
    });
  });

  describe("a Promotion in a manifest", () => {
    it("needs promote on its Stage, as PromoteToStage does", async () => {
      const { results } = await create("no-promote", promotion);
      expect(errorFor(results, "test.manual")).toMatchObject({
        code: "permission_denied",
        message: `permission denied: not permitted to promote stages "test" in namespace "${project}"`,
      });
    });

    it("passes authorization with promote on that Stage", async () => {
      const { results } = await create("promoter", promotion);
      const result = results[0]!.result;
      // Admission may still judge the Promotion itself; authorization is what is under test.
      expect(result.case === "error" ? result.value.code : result.case).not.toBe("permission_denied");
    });

    it("needs a spec.stage to be judged at all", async () => {
      const { results } = await create("promoter", { ...promotion, spec: { freight: "x" } });
      expect(errorFor(results, "test.manual").code).toBe("invalid_argument");
    });
  });

  describe("RBAC objects in a manifest", () => {
    it("refuse a Role granting more than the caller holds, and accept one within it", async () => {
      const { results } = await create(
        "rbac-writer",
        role("too-much", [{ apiGroups: [KARGO], resources: ["stages"], verbs: ["get", "delete"] }]),
        role("wildcard", [{ apiGroups: [KARGO], resources: ["stages"], verbs: ["*"] }]),
        role("within", [{ apiGroups: [KARGO], resources: ["stages"], verbs: ["get", "list"] }]),
      );
      expect(outcomes(results)).toEqual([
        `Role ${project}/too-much: permission_denied`,
        `Role ${project}/wildcard: permission_denied`,
        `Role ${project}/within: createdResource`,
      ]);
      expect(errorFor(results, "too-much").message).toBe(
        `role "too-much": requester may not grant permissions it does not hold: delete stages in namespace "${project}"`,
      );
    });

    it("refuse a RoleBinding to a role with more than the caller holds, and accept one to a role within it", async () => {
      const { results } = await create(
        "rbac-writer",
        binding("to-powerful", "powerful"),
        binding("to-narrow", "narrow"),
        role("narrow", [{ apiGroups: [KARGO], resources: ["stages"], verbs: ["get"] }]),
      );
      expect(outcomes(results)).toEqual([
        `RoleBinding ${project}/to-powerful: permission_denied`,
        `RoleBinding ${project}/to-narrow: createdResource`,
        `Role ${project}/narrow: createdResource`,
      ]);
      expect(errorFor(results, "to-powerful").message).toBe(
        `role binding "to-powerful": requester may not grant permissions it does not hold: * stages in namespace "${project}"`,
      );
    });

    it("refuse a ClusterRole granting more than the caller holds cluster-wide, and any aggregated one", async () => {
      const { core, rbac } = stack();
      await core.createNamespacedServiceAccount({ namespace: project, body: { metadata: { name: "cluster-writer" } } });
      await rbac.createClusterRole({
        body: {
          metadata: { name: "cluster-writer" },
          rules: [
            { apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["create"] },
            { apiGroups: [""], resources: ["configmaps"], verbs: ["get"] },
          ],
        },
      });
      await rbac.createClusterRoleBinding({
        body: {
          metadata: { name: "cluster-writer" },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-writer" },
          subjects: [{ kind: "ServiceAccount", name: "cluster-writer", namespace: project }],
        },
      });
      tokens["cluster-writer"] = (
        await core.createNamespacedServiceAccountToken({ namespace: project, name: "cluster-writer", body: { spec: { expirationSeconds: 3600 } } })
      ).status!.token!;
      const clusterRole = (name: string, extra: object) => ({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name }, ...extra });
      const { results } = await create(
        "cluster-writer",
        clusterRole("reads-config", { rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }] }),
        clusterRole("writes-config", { rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "create"] }] }),
        clusterRole("aggregated", { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { "rbac.example.org/aggregate": "true" } }] } }),
      );
      expect(outcomes(results)).toEqual([
        "ClusterRole /reads-config: createdResource",
        "ClusterRole /writes-config: permission_denied",
        "ClusterRole /aggregated: permission_denied",
      ]);
      expect(errorFor(results, "writes-config").message).toBe(
        'cluster role "writes-config": requester may not grant permissions it does not hold: create configmaps',
      );
      expect(errorFor(results, "aggregated").message).toBe(
        'cluster role "aggregated": an aggregated cluster role needs the escalate permission on clusterroles',
      );
    });

    it("refuse claims on a ServiceAccount holding more than the caller, or a token for it", async () => {
      const claims = { "rbac.kargo.akuity.io/claims": JSON.stringify({ email: ["mallory@example.com"] }) };
      const mapped = { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "powerful", namespace: project, annotations: claims } };
      const token = {
        apiVersion: "v1",
        kind: "Secret",
        type: "kubernetes.io/service-account-token",
        metadata: { name: "powerful-token", namespace: project, annotations: { "kubernetes.io/service-account.name": "powerful" } },
      };
      const { results } = await as("rbac-writer").createOrUpdateResource({ manifest: manifest(mapped, token) });
      expect(outcomes(results)).toEqual([`ServiceAccount ${project}/powerful: permission_denied`, `Secret ${project}/powerful-token: permission_denied`]);
      const sa = await stack().core.readNamespacedServiceAccount({ namespace: project, name: "powerful" });
      expect(sa.metadata?.annotations?.["rbac.kargo.akuity.io/claims"]).toBeUndefined();
    });

    it("accept claims on a ServiceAccount that holds nothing beyond the caller", async () => {
      const claims = { "rbac.kargo.akuity.io/claims": JSON.stringify({ email: ["alice@example.com"] }) };
      const { results } = await create("rbac-writer", {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name: "fresh", namespace: project, annotations: claims },
      });
      expect(outcomes(results)).toEqual([`ServiceAccount ${project}/fresh: createdResource`]);
    });
  });
});
