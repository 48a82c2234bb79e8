import { Code } from "@connectrpc/connect";
import { PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { RbacService } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { authorizationTable } from "../../../src/auth/authorization/authorization-table.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { errorOf, fixtures } from "../../services/freight/kargo-fixtures.js";

// The authorization table names reviews only a handler can make (`handlerChecks`). This test is
// driven by the table: every named check of every RPC must have a case below, and each case shows
// the handler enforcing it — a caller holding exactly the table's reviews for that RPC is refused
// by the handler's own check, and (where the check can pass) allowed when it holds what it grants.
const project = "handler-checks";
const KARGO = "kargo.akuity.io";
const RBAC = "rbac.authorization.k8s.io";
const eventsCreate = { resources: ["events"], verbs: ["create"] };

describe("handlerChecks of the authorization table", () => {
  const stack = useKargoStack();
  const fx = fixtures(stack);
  let token: string; // a ServiceAccount holding the table-level reviews of every handler-checked RPC, nothing more
  const rbac = () => stack().client(RbacService, token);

  /** One case per `<service>.<method>:<check>`; denied() resolves to the handler's refusal. */
  const cases: Record<string, { denied: () => Promise<unknown>; allowed?: () => Promise<unknown> }> = {
    "kargo.api.v1.RbacService.CreateRole:escalation": {
      denied: () => rbac().createRole({ role: { metadata: { namespace: project, name: "grants-events" }, rules: [eventsCreate] } }),
      allowed: () => rbac().createRole({ role: { metadata: { namespace: project, name: "grants-held" }, rules: [{ resources: ["stages"], verbs: ["get"] }] } }),
    },
    "kargo.api.v1.RbacService.UpdateRole:escalation": {
      denied: () => rbac().updateRole({ role: { metadata: { namespace: project, name: "target" }, rules: [eventsCreate] } }),
      allowed: () => rbac().updateRole({ role: { metadata: { namespace: project, name: "target" }, rules: [{ resources: ["stages"], verbs: ["list"] }] } }),
    },
    "kargo.api.v1.RbacService.Grant:escalation": {
      denied: () => rbac().grant({ project, role: "target", request: { case: "resourceDetails", value: { resourceType: "events", verbs: ["create"] } } }),
      allowed: () => rbac().grant({ project, role: "target", request: { case: "resourceDetails", value: { resourceType: "stages", verbs: ["get"] } } }),
    },
    "kargo.api.v1.RbacService.CreateAPIToken:escalation": {
      denied: () => rbac().createAPIToken({ project, roleName: "event-writer", name: "denied-token" }),
      allowed: () => rbac().createAPIToken({ project, roleName: "target", name: "allowed-token" }),
    },
    "kargo.api.v1.PromotionService.PromoteDownstream:promote-each-downstream-stage": {
      denied: async () => {
        const freight = await fx.freight(project, { alias: "downstream" });
        await fx.freightStatus(project, freight, { verifiedIn: { test: { verifiedAt: new Date().toISOString() } } });
        return stack().client(PromotionService, token).promoteDownstream({ project, stage: "test", freight });
      },
    },
  };

  const declared = [...authorizationTable].flatMap(([service, methods]) =>
    [...methods].flatMap(([method, entry]) => (entry.kind === "checks" ? (entry.handlerChecks ?? []).map((check) => `${service}.${method}:${check}`) : [])),
  );

  beforeAll(async () => {
    const { core, rbac: kubeRbac } = stack();
    await fx.project(project);
    await fx.warehouse(project, "images");
    await fx.stage(project, "test", [{ sources: { direct: true } }]);
    await fx.stage(project, "uat", [{ sources: { stages: ["test"] } }]);
    const admin = stack().client(RbacService);
    await admin.createRole({ role: { metadata: { namespace: project, name: "target" }, rules: [{ resources: ["stages"], verbs: ["get"] }] } });
    await admin.createRole({ role: { metadata: { namespace: project, name: "event-writer" }, rules: [eventsCreate] } });
    await core.createNamespacedServiceAccount({ namespace: project, body: { metadata: { name: "table-only" } } });
    await kubeRbac.createNamespacedRole({
      namespace: project,
      body: {
        metadata: { name: "table-only" },
        rules: [
          { apiGroups: [""], resources: ["serviceaccounts"], verbs: ["create", "get", "update"] },
          { apiGroups: [""], resources: ["secrets"], verbs: ["create"] },
          { apiGroups: [RBAC], resources: ["roles"], verbs: ["create", "update"] },
          { apiGroups: [RBAC], resources: ["rolebindings"], verbs: ["create"] },
          { apiGroups: [KARGO], resources: ["stages"], verbs: ["get", "list"] },
          { apiGroups: [KARGO], resources: ["promotions"], verbs: ["create"] },
        ],
      },
    });
    await kubeRbac.createNamespacedRoleBinding({
      namespace: project,
      body: {
        metadata: { name: "table-only" },
        roleRef: { apiGroup: RBAC, kind: "Role", name: "table-only" },
        subjects: [{ kind: "ServiceAccount", name: "table-only", namespace: project }],
      },
    });
    token = (await core.createNamespacedServiceAccountToken({ namespace: project, name: "table-only", body: { spec: { expirationSeconds: 600 } } })).status!
      .token!;
  }, 60_000);

  it("has a case here for every handler check the table declares, and no stale one", () => {
    expect(declared.length).toBeGreaterThan(0);
    expect(Object.keys(cases).sort()).toEqual([...declared].sort());
  });

  describe.each(Object.keys(cases))("%s", (key) => {
    it("is refused by the handler with PERMISSION_DENIED", async () => {
      const error = await errorOf(cases[key]!.denied());
      expect(error.code).toBe(Code.PermissionDenied);
      expect(error.rawMessage).toMatch(/may not grant permissions it does not hold|not permitted to promote/);
    });

    if (cases[key]!.allowed) {
      it("is allowed when the caller holds what the check reviews", async () => {
        await expect(cases[key]!.allowed!()).resolves.toBeDefined();
      });
    }
  });
});
