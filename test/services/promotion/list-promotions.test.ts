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
    const promote = async (key: string, stage: string) => {
      const freight = await fx.freight(project, { alias: key });
      names[key] = (await stack().client(PromotionService).promoteToStage({ project, stage, freight })).promotion!.metadata!.name;
      return names[key];
    };
    // The promotion runner takes the first Promotion of each Stage (Running, held by the fixture
    // step); later ones of that Stage wait as Pending, and the tests finish some of them.
    await fx.promotionPhase(project, await promote("running-zeta", "zeta"), "Running");
    await fx.promotionStatus(project, await promote("old-done", "zeta"), { phase: "Succeeded" });
    await promote("pending", "zeta");
    await fx.promotionPhase(project, await promote("running-alpha", "alpha"), "Running");
    await fx.promotionStatus(project, await promote("new-failed", "zeta"), { phase: "Failed" });
  });

  describe("when the project does not exist", () => {
    it("is NOT_FOUND", async () => {
      expect(await codeOf(stack().client(PromotionService).listPromotions({ project: "nope" }))).toBe(Code.NotFound);
    });
  });

  it("lists running first, then other unfinished ones oldest first, then finished ones newest first", async () => {
    const { promotions, totalSize, nextPageToken } = await stack().client(PromotionService).listPromotions({ project });
    expect(promotions.map((p) => p.metadata?.name)).toEqual([
      names["running-zeta"],
      names["running-alpha"],
      names["pending"],
      names["new-failed"],
      names["old-done"],
    ]);
    expect(totalSize).toBe(5);
    expect(nextPageToken).toBe("");
  });

  it("lists only the Promotions into one stage", async () => {
    const { promotions } = await stack().client(PromotionService).listPromotions({ project, stage: "zeta" });
    expect(promotions.map((p) => p.metadata?.name)).toEqual([names["running-zeta"], names["pending"], names["new-failed"], names["old-done"]]);
  });

  it("pages through the list", async () => {
    const client = stack().client(PromotionService);
    const first = await client.listPromotions({ project, pageSize: 2 });
    expect(first.promotions.map((p) => p.metadata?.name)).toEqual([names["running-zeta"], names["running-alpha"]]);
    const second = await client.listPromotions({ project, pageSize: 2, pageToken: first.nextPageToken });
    expect(second.promotions.map((p) => p.metadata?.name)).toEqual([names["pending"], names["new-failed"]]);
    expect(await codeOf(client.listPromotions({ project, stage: "zeta", pageSize: 2, pageToken: first.nextPageToken }))).toBe(Code.InvalidArgument);
  });
});
