import { Code } from "@connectrpc/connect";
import { ProjectService } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { foreignProjectAdminToken } from "../common/foreign-caller.js";
import { codeOf, errorOf, fixtures, STEPS } from "../freight/kargo-fixtures.js";

const project = "promote";

describe("PromotionService.PromoteToStage", () => {
  const stack = useKargoStack();
  const fx = fixtures(stack);
  const promote = (stage: string, freight: string) => stack().client(PromotionService).promoteToStage({ project, stage, freight });

  beforeAll(async () => {
    await fx.project(project);
    await fx.warehouse(project, "images");
    await fx.stage(project, "test", [{ sources: { direct: true } }]);
    await fx.stage(project, "uat", [{ sources: { stages: ["test"] } }]);
    await fx.stage(project, "prod", [{ sources: { stages: ["test", "uat"], availabilityStrategy: "All" } }]);
    await fx.stage(project, "soak", [{ sources: { stages: ["test"], requiredSoakTime: "1h" } }]);
    await fx.stage(project, "bare", [{ sources: { direct: true } }], null);
    await fx.stage(project, "charts-only", [{ origin: "charts", sources: { direct: true } }]);
    // Promotion by origin: Warehouse "ci", a direct Stage, and two identical Stages downstream of
    // it — one promoted by origin through the API, the twin by auto-promotion.
    await fx.warehouse(project, "ci");
    await fx.stage(project, "ci-direct", [{ origin: "ci", sources: { direct: true } }]);
    await fx.stage(project, "ci-gated", [{ origin: "ci", sources: { stages: ["ci-direct"] } }]);
    await fx.stage(project, "ci-auto", [{ origin: "ci", sources: { stages: ["ci-direct"] } }]);
  });

  describe("with a request naming no freight", () => {
    it("is INVALID_ARGUMENT", async () => {
      const error = await errorOf(stack().client(PromotionService).promoteToStage({ project, stage: "test" }));
      expect(error.code).toBe(Code.InvalidArgument);
      expect(error.rawMessage).toBe("exactly one of freight or freight_alias should not be empty");
    });
  });

  describe("when the project does not exist", () => {
    it("is NOT_FOUND", async () => {
      expect(await codeOf(stack().client(PromotionService).promoteToStage({ project: "nope", stage: "test", freight: "x" }))).toBe(Code.NotFound);
    });
  });

  describe("when the stage does not exist", () => {
    it("is NOT_FOUND naming the stage", async () => {
      const error = await errorOf(promote("missing", "x"));
      expect(error.code).toBe(Code.NotFound);
      expect(error.rawMessage).toBe(`stage "missing" not found in project "${project}"`);
    });
  });

  describe("when the freight does not exist", () => {
    it("is NOT_FOUND by name and by alias", async () => {
      expect(await codeOf(promote("test", "0123456789abcdef"))).toBe(Code.NotFound);
      const error = await errorOf(stack().client(PromotionService).promoteToStage({ project, stage: "test", freightAlias: "ghost" }));
      expect(error.code).toBe(Code.NotFound);
      expect(error.rawMessage).toContain('alias "ghost"');
    });
  });

  describe("when the stage has no promotion steps", () => {
    it("is FAILED_PRECONDITION", async () => {
      const freight = await fx.freight(project, { alias: "no-steps" });
      const error = await errorOf(promote("bare", freight));
      expect(error.code).toBe(Code.FailedPrecondition);
      expect(error.rawMessage).toContain("defines no promotion steps");
    });
  });

  describe("availability (§3.1)", () => {
    it("refuses Freight of an origin the stage does not request, even when approved", async () => {
      const freight = await fx.freight(project, { alias: "wrong-origin" });
      await fx.freightStatus(project, freight, { approvedFor: { "charts-only": {} } });
      const error = await errorOf(promote("charts-only", freight));
      expect(error.code).toBe(Code.FailedPrecondition);
      expect(error.rawMessage).toContain("does not request Freight from origin Warehouse/images");
    });

    it("accepts any Freight of the origin for a stage taking it directly", async () => {
      const freight = await fx.freight(project, { alias: "direct" });
      const { promotion } = await promote("test", freight);
      expect(promotion?.spec?.freight).toBe(freight);
    });

    it("refuses Freight not verified upstream, then accepts it once verified (OneOf)", async () => {
      const freight = await fx.freight(project, { alias: "one-of" });
      const error = await errorOf(promote("uat", freight));
      expect(error.code).toBe(Code.FailedPrecondition);
      expect(error.rawMessage).toContain("not verified in any upstream Stage (test)");
      await fx.freightStatus(project, freight, { verifiedIn: { test: { verifiedAt: new Date().toISOString() } } });
      expect((await promote("uat", freight)).promotion?.spec?.stage).toBe("uat");
    });

    it("accepts Freight approved for the stage without any verification", async () => {
      const freight = await fx.freight(project, { alias: "approved" });
      await fx.freightStatus(project, freight, { approvedFor: { uat: { approvedAt: new Date().toISOString() } } });
      expect((await promote("uat", freight)).promotion?.spec?.stage).toBe("uat");
    });

    it("requires verification in every upstream stage with the All strategy", async () => {
      const freight = await fx.freight(project, { alias: "all" });
      const verifiedAt = new Date().toISOString();
      await fx.freightStatus(project, freight, { verifiedIn: { test: { verifiedAt } } });
      const error = await errorOf(promote("prod", freight));
      expect(error.code).toBe(Code.FailedPrecondition);
      expect(error.rawMessage).toContain("missing: uat");
      await fx.freightStatus(project, freight, { verifiedIn: { uat: { verifiedAt } } });
      expect((await promote("prod", freight)).promotion?.spec?.stage).toBe("prod");
    });

    it("requires the soak time upstream, counting the longest completed stay", async () => {
      const freight = await fx.freight(project, { alias: "soak" });
      const now = new Date().toISOString();
      await fx.freightStatus(project, freight, { verifiedIn: { test: { verifiedAt: now, longestSoak: "10m0s" } }, currentlyIn: { test: { since: now } } });
      const error = await errorOf(promote("soak", freight));
      expect(error.code).toBe(Code.FailedPrecondition);
      expect(error.rawMessage).toContain("has not soaked for 1h");
      await fx.freightStatus(project, freight, { verifiedIn: { test: { verifiedAt: now, longestSoak: "2h0m0s" } } });
      expect((await promote("soak", freight)).promotion?.spec?.stage).toBe("soak");
    });
  });

  describe("when the freight is available", () => {
    it("creates the Promotion as Kargo's webhook completes it, and records PromotionCreated", async () => {
      const freight = await fx.freight(project, { alias: "shipit" });
      const { promotion } = await stack().client(PromotionService).promoteToStage({ project, stage: "test", freightAlias: "shipit" });
      const name = promotion?.metadata?.name ?? "";
      expect(name).toMatch(new RegExp(`^test\\.[0-9a-z]{26}\\.${freight.slice(0, 7)}$`));
      expect(promotion?.metadata?.labels).toMatchObject({ "kargo.akuity.io/stage": "test" });
      expect(promotion?.metadata?.annotations).toMatchObject({ "kargo.akuity.io/create-actor": "admin", "kargo.akuity.io/stage": "test" });
      expect(promotion?.metadata?.ownerReferences).toEqual([
        expect.objectContaining({ apiVersion: "kargo.akuity.io/v1alpha1", kind: "Stage", name: "test", controller: true, blockOwnerDeletion: true }),
      ]);
      expect(promotion?.spec?.freight).toBe(freight);
      expect(promotion?.spec?.steps.map((s) => ({ uses: s.uses, as: s.as, config: s.config, errorThreshold: s.retry?.errorThreshold }))).toEqual(
        STEPS.map((s) => ({ uses: s.uses, as: s.as, config: s.config, errorThreshold: s.retry?.["errorThreshold"] })),
      );

      const events = await stack().core.listNamespacedEvent({ namespace: project });
      const event = events.items.find((e) => e.reason === "PromotionCreated" && e.involvedObject.name === name);
      expect(event?.message).toBe('Promotion created for Stage "test" by "admin"');
      expect(event?.metadata.annotations).toMatchObject({
        "event.kargo.akuity.io/actor": "admin",
        "event.kargo.akuity.io/project": project,
        "event.kargo.akuity.io/promotion-name": name,
        "event.kargo.akuity.io/stage-name": "test",
        "event.kargo.akuity.io/freight-name": freight,
        "event.kargo.akuity.io/freight-alias": "shipit",
      });
    });
  });

  describe("by origin", () => {
    const byOrigin = (stage: string, name: string, kind = "Warehouse", token?: string) =>
      stack().client(PromotionService, token).promoteToStage({ project, stage, origin: { kind, name } });
    const ci = (alias: string, tag: string, discoveredAt: string) =>
      fx.freight(project, { origin: "ci", alias, images: [{ repoURL: "ghcr.io/example/ci", tag }], discoveredAt });

    it("is INVALID_ARGUMENT with a freight as well, another kind, or no Warehouse name", async () => {
      const both = await errorOf(
        stack()
          .client(PromotionService)
          .promoteToStage({ project, stage: "ci-direct", freight: "x", origin: { kind: "Warehouse", name: "ci" } }),
      );
      expect(both.code).toBe(Code.InvalidArgument);
      expect(both.rawMessage).toBe("exactly one of freight, freight_alias or origin should not be empty");
      const kind = await errorOf(byOrigin("ci-direct", "ci", "Stage"));
      expect(kind.code).toBe(Code.InvalidArgument);
      expect(kind.rawMessage).toContain("origin.kind");
      const name = await errorOf(byOrigin("ci-direct", ""));
      expect(name.code).toBe(Code.InvalidArgument);
      expect(name.rawMessage).toBe("origin.name should not be empty");
    });

    it("is NOT_FOUND for a missing Warehouse or Stage", async () => {
      const error = await errorOf(byOrigin("ci-direct", "nowhere"));
      expect(error.code).toBe(Code.NotFound);
      expect(error.rawMessage).toBe(`warehouse "nowhere" not found in project "${project}"`);
      expect(await codeOf(byOrigin("missing", "ci"))).toBe(Code.NotFound);
    });

    it("is PERMISSION_DENIED for a caller of another project", async () => {
      const foreign = await foreignProjectAdminToken(stack(), "origin-elsewhere");
      expect(await codeOf(byOrigin("ci-direct", "ci", "Warehouse", foreign))).toBe(Code.PermissionDenied);
    });

    it("is FAILED_PRECONDITION when the Stage does not request the origin, or nothing of it is available", async () => {
      const other = await errorOf(byOrigin("test", "ci"));
      expect(other.code).toBe(Code.FailedPrecondition);
      expect(other.rawMessage).toBe('Stage "test" does not request Freight from origin Warehouse/ci');
      const none = await errorOf(byOrigin("ci-direct", "ci"));
      expect(none.code).toBe(Code.FailedPrecondition);
      expect(none.rawMessage).toBe('no Freight from origin Warehouse/ci is available to Stage "ci-direct"');
    });

    it("promotes the newest Freight available to the Stage, the one auto-promotion chooses", async () => {
      const old = await ci("ci-old", "1.0.0", "2026-01-01T00:00:00Z");
      const middle = await ci("ci-middle", "1.1.0", "2026-01-02T00:00:00Z");
      const newest = await ci("ci-newest", "1.2.0", "2026-01-03T00:00:00Z");
      // Directly: the newest of the origin; downstream: the newest verified upstream (not the newest).
      expect((await byOrigin("ci-direct", "ci")).promotion?.spec?.freight).toBe(newest);
      const verifiedAt = new Date().toISOString();
      await fx.freightStatus(project, old, { verifiedIn: { "ci-direct": { verifiedAt } } });
      await fx.freightStatus(project, middle, { verifiedIn: { "ci-direct": { verifiedAt } } });
      const { promotion } = await byOrigin("ci-gated", "ci");
      expect(promotion?.spec?.freight).toBe(middle);

      // Auto-promotion of the twin Stage (same request) picks the same Freight.
      await stack()
        .client(ProjectService)
        .updateProjectConfig({ project, spec: { promotionPolicies: [{ stage: "ci-auto", autoPromotionEnabled: true }] } });
      for (;;) {
        const { promotions } = await stack().client(PromotionService).listPromotions({ project, stage: "ci-auto" });
        if (promotions.length > 0) {
          expect(promotions.map((p) => p.spec?.freight)).toEqual([middle]);
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    });
  });
});
