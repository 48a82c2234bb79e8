import { Code } from "@connectrpc/connect";
import { PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { codeOf, errorOf, fixtures } from "../freight/kargo-fixtures.js";

const project = "downstream";

describe("PromotionService.PromoteDownstream", () => {
  const stack = useKargoStack();
  const fx = fixtures(stack);
  const promoteDownstream = (stage: string, freight: string) => stack().client(PromotionService).promoteDownstream({ project, stage, freight });
  const verifiedAt = () => new Date().toISOString();

  beforeAll(async () => {
    await fx.project(project);
    await fx.warehouse(project, "images");
    await fx.stage(project, "test", [{ sources: { direct: true } }]);
    await fx.stage(project, "uat-a", [{ sources: { stages: ["test"] } }]);
    await fx.stage(project, "uat-b", [{ sources: { stages: ["test"] } }]);
    // A control-flow Stage: no promotion template (the CRD forbids a template without steps).
    await fx.stage(project, "fan-out", [{ sources: { stages: ["test"] } }], null);
    // Downstream of uat-a only with the All strategy over uat-a and uat-b.
    await fx.stage(project, "prod", [{ sources: { stages: ["uat-a", "uat-b"], availabilityStrategy: "All" } }]);
    // Takes another origin from test: never downstream for Freight of "images".
    await fx.stage(project, "charts", [{ origin: "charts", sources: { stages: ["test"] } }]);
  });

  describe("with a request naming no freight", () => {
    it("is INVALID_ARGUMENT", async () => {
      expect(await codeOf(stack().client(PromotionService).promoteDownstream({ project, stage: "test" }))).toBe(Code.InvalidArgument);
    });
  });

  describe("when the stage does not exist", () => {
    it("is NOT_FOUND", async () => {
      expect(await codeOf(promoteDownstream("missing", "x"))).toBe(Code.NotFound);
    });
  });

  describe("when the freight does not exist", () => {
    it("is NOT_FOUND", async () => {
      expect(await codeOf(promoteDownstream("test", "0000000"))).toBe(Code.NotFound);
    });
  });

  describe("when the freight is not verified in the stage", () => {
    it("is FAILED_PRECONDITION and creates nothing", async () => {
      const freight = await fx.freight(project, { alias: "unverified" });
      const error = await errorOf(promoteDownstream("test", freight));
      expect(error.code).toBe(Code.FailedPrecondition);
      expect(error.rawMessage).toBe(`freight "${freight}" is not verified in stage "test" of project "${project}"`);
      expect((await stack().client(PromotionService).listPromotions({ project })).totalSize).toBe(0);
    });
  });

  describe("when the stage has no downstream stages for the freight's origin", () => {
    it("is NOT_FOUND", async () => {
      const freight = await fx.freight(project, { alias: "last-stop" });
      await fx.freightStatus(project, freight, { verifiedIn: { "uat-b": { verifiedAt: verifiedAt() } } });
      await fx.stage(project, "leaf", [{ sources: { direct: true } }]);
      await fx.freightStatus(project, freight, { verifiedIn: { leaf: { verifiedAt: verifiedAt() } } });
      const error = await errorOf(promoteDownstream("leaf", freight));
      expect(error.code).toBe(Code.NotFound);
      expect(error.rawMessage).toContain('stage "leaf"');
      expect(error.rawMessage).toContain("has no downstream stages");
    });
  });

  describe("when the freight is not available to a downstream stage", () => {
    it("is FAILED_PRECONDITION naming that stage, and creates nothing", async () => {
      const freight = await fx.freight(project, { alias: "half-way" });
      await fx.freightStatus(project, freight, { verifiedIn: { "uat-a": { verifiedAt: verifiedAt() } } });
      const error = await errorOf(promoteDownstream("uat-a", freight));
      expect(error.code).toBe(Code.FailedPrecondition);
      expect(error.rawMessage).toContain('Stage "prod"');
      expect(error.rawMessage).toContain("missing: uat-b");
      expect((await stack().client(PromotionService).listPromotions({ project, stage: "prod" })).totalSize).toBe(0);
    });
  });

  describe("when the caller may not promote every downstream stage", () => {
    it("is PERMISSION_DENIED naming the stage, and creates nothing", async () => {
      const { core, rbac } = stack();
      await core.createNamespacedServiceAccount({ namespace: project, body: { metadata: { name: "deployer" } } });
      await rbac.createNamespacedRole({
        namespace: project,
        body: {
          metadata: { name: "deployer" },
          rules: [
            { apiGroups: ["kargo.akuity.io"], resources: ["stages"], verbs: ["get", "list"] },
            { apiGroups: ["kargo.akuity.io"], resources: ["stages"], verbs: ["promote"], resourceNames: ["uat-a"] },
            { apiGroups: ["kargo.akuity.io"], resources: ["promotions"], verbs: ["create"] },
          ],
        },
      });
      await rbac.createNamespacedRoleBinding({
        namespace: project,
        body: {
          metadata: { name: "deployer" },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "deployer" },
          subjects: [{ kind: "ServiceAccount", name: "deployer", namespace: project }],
        },
      });
      const token = (await core.createNamespacedServiceAccountToken({ namespace: project, name: "deployer", body: { spec: { expirationSeconds: 600 } } }))
        .status!.token!;
      const freight = await fx.freight(project, { alias: "denied" });
      await fx.freightStatus(project, freight, { verifiedIn: { test: { verifiedAt: verifiedAt() } } });

      const error = await errorOf(stack().client(PromotionService, token).promoteDownstream({ project, stage: "test", freight }));
      expect(error.code).toBe(Code.PermissionDenied);
      expect(error.rawMessage).toBe(`not permitted to promote stage(s) "uat-b" in project "${project}"`);
      expect((await stack().client(PromotionService).listPromotions({ project, stage: "uat-a" })).totalSize).toBe(0);
    });
  });

  describe("when the freight is verified in the stage", () => {
    it("creates one Promotion per downstream stage with steps, skipping control-flow stages", async () => {
      const freight = await fx.freight(project, { alias: "fan" });
      await fx.freightStatus(project, freight, { verifiedIn: { test: { verifiedAt: verifiedAt() } } });
      const { promotions } = await stack().client(PromotionService).promoteDownstream({ project, stage: "test", freightAlias: "fan" });
      expect(promotions.map((p) => p.spec?.stage).sort()).toEqual(["uat-a", "uat-b"]);
      for (const promotion of promotions) {
        expect(promotion.spec?.freight).toBe(freight);
        expect(promotion.metadata?.name).toMatch(new RegExp(`^${promotion.spec?.stage}\\.[0-9a-z]{26}\\.${freight.slice(0, 7)}$`));
        expect(promotion.metadata?.annotations?.["kargo.akuity.io/create-actor"]).toBe("admin");
      }
      const events = await stack().core.listNamespacedEvent({ namespace: project });
      expect(
        events.items
          .filter((e) => e.reason === "PromotionCreated")
          .map((e) => e.metadata.annotations?.["event.kargo.akuity.io/stage-name"])
          .sort(),
      ).toEqual(["uat-a", "uat-b"]);
    });
  });
});
