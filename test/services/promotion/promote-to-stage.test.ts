import { Code } from "@connectrpc/connect";
import { PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
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
});
