import { Code } from "@connectrpc/connect";
import { PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { codeOf, fixtures } from "../freight/kargo-fixtures.js";

const project = "aborting";

describe("PromotionService.AbortPromotion", () => {
  const stack = useKargoStack();
  const fx = fixtures(stack);
  const promote = async (alias: string) => {
    const freight = await fx.freight(project, { alias });
    return (await stack().client(PromotionService).promoteToStage({ project, stage: "test", freight })).promotion!.metadata!.name;
  };
  const annotationsOf = async (name: string) => {
    const res = await stack().client(PromotionService).getPromotion({ project, name });
    return res.result.case === "promotion" ? (res.result.value.metadata?.annotations ?? {}) : {};
  };
  let running = "";

  beforeAll(async () => {
    await fx.project(project);
    await fx.warehouse(project, "images");
    await fx.stage(project, "test", [{ sources: { direct: true } }]);
    // The runner holds the Stage's first Promotion Running (see STEPS); later ones stay Pending.
    running = await promote("running");
    await fx.promotionPhase(project, running, "Running");
  });

  describe("without a name", () => {
    it("is INVALID_ARGUMENT", async () => {
      expect(await codeOf(stack().client(PromotionService).abortPromotion({ project }))).toBe(Code.InvalidArgument);
    });
  });

  describe("when the promotion does not exist", () => {
    it("is NOT_FOUND", async () => {
      expect(await codeOf(stack().client(PromotionService).abortPromotion({ project, name: "test.missing" }))).toBe(Code.NotFound);
    });
  });

  describe("when the promotion already finished", () => {
    it("succeeds without asking for an abort", async () => {
      const name = await promote("finished");
      await fx.promotionStatus(project, name, { phase: "Succeeded" });
      await stack().client(PromotionService).abortPromotion({ project, name });
      expect(await annotationsOf(name)).not.toHaveProperty(["kargo.akuity.io/abort"]);
    });
  });

  describe("when the promotion is running", () => {
    it("sets the abort annotation with the terminate action and the actor, and the controller stops it", async () => {
      await stack().client(PromotionService).abortPromotion({ project, name: running });
      expect(JSON.parse((await annotationsOf(running))["kargo.akuity.io/abort"] ?? "null")).toEqual({ action: "terminate", actor: "admin" });
      await fx.promotionPhase(project, running, "Aborted");
    });
  });
});
