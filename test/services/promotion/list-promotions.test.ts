import { Code } from "@connectrpc/connect";
import { PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { codeOf, fixtures } from "../freight/kargo-fixtures.js";

const project = "listing";

describe("PromotionService.ListPromotions", () => {
  const stack = useKargoStack();
  const fx = fixtures(stack);
  const names: Record<string, string> = {};

  beforeAll(async () => {
    await fx.project(project);
    await fx.warehouse(project, "images");
    await fx.stage(project, "zeta", [{ sources: { direct: true } }]);
    await fx.stage(project, "alpha", [{ sources: { direct: true } }]);
    const promotions = stack().client(PromotionService);
    // Created in this order; "zeta" sorts after "alpha" by name but is older.
    for (const [key, stage, phase] of [
      ["old-done", "zeta", "Succeeded"],
      ["running", "alpha", "Running"],
      ["pending-old", "zeta", ""],
      ["pending-new", "alpha", ""],
      ["new-failed", "zeta", "Failed"],
    ] as const) {
      const freight = await fx.freight(project, { alias: key });
      const { promotion } = await promotions.promoteToStage({ project, stage, freight });
      names[key] = promotion!.metadata!.name;
      if (phase !== "") await fx.promotionStatus(project, names[key], { phase });
    }
  }, 30_000);

  describe("when the project does not exist", () => {
    it("is NOT_FOUND", async () => {
      expect(await codeOf(stack().client(PromotionService).listPromotions({ project: "nope" }))).toBe(Code.NotFound);
    });
  });

  it("lists running first, then other unfinished ones oldest first, then finished ones newest first", async () => {
    const { promotions, totalSize, nextPageToken } = await stack().client(PromotionService).listPromotions({ project });
    expect(promotions.map((p) => p.metadata?.name)).toEqual([names["running"], names["pending-old"], names["pending-new"], names["new-failed"], names["old-done"]]);
    expect(totalSize).toBe(5);
    expect(nextPageToken).toBe("");
  });

  it("lists only the Promotions into one stage", async () => {
    const { promotions } = await stack().client(PromotionService).listPromotions({ project, stage: "zeta" });
    expect(promotions.map((p) => p.metadata?.name)).toEqual([names["pending-old"], names["new-failed"], names["old-done"]]);
  });

  it("pages through the list", async () => {
    const client = stack().client(PromotionService);
    const first = await client.listPromotions({ project, pageSize: 2 });
    expect(first.promotions.map((p) => p.metadata?.name)).toEqual([names["running"], names["pending-old"]]);
    const second = await client.listPromotions({ project, pageSize: 2, pageToken: first.nextPageToken });
    expect(second.promotions.map((p) => p.metadata?.name)).toEqual([names["pending-new"], names["new-failed"]]);
    expect(await codeOf(client.listPromotions({ project, stage: "zeta", pageSize: 2, pageToken: first.nextPageToken }))).toBe(Code.InvalidArgument);
  });
});
