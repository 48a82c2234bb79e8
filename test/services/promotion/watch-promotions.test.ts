import { Code } from "@connectrpc/connect";
import { WatchEventType } from "../../../gen/kargo/api/v1/watch_pb.js";
import { PromotionService, type WatchPromotionsResponse } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { NO_HEARTBEAT_ENV } from "../../support/no-watch-heartbeats.js";
import { codeOf, fixtures } from "../freight/kargo-fixtures.js";

const project = "watching";

describe("PromotionService.WatchPromotions", () => {
  // Tests expect particular next messages: no heartbeat BOOKMARK may come in between.
  const stack = useKargoStack({ env: NO_HEARTBEAT_ENV });
  const fx = fixtures(stack);
  const promote = async (stage: string, alias: string) => {
    const freight = await fx.freight(project, { alias });
    return (await stack().client(PromotionService).promoteToStage({ project, stage, freight })).promotion!.metadata!.name;
  };

  beforeAll(async () => {
    await fx.project(project);
    await fx.warehouse(project, "images");
    await fx.stage(project, "test", [{ sources: { direct: true } }]);
    await fx.stage(project, "uat", [{ sources: { direct: true } }]);
  });

  describe("when the stage does not exist", () => {
    it("is NOT_FOUND", async () => {
      const stream = stack().client(PromotionService).watchPromotions({ project, stage: "missing" });
      expect(
        await codeOf(
          (async () => {
            for await (const _ of stream) break;
          })(),
        ),
      ).toBe(Code.NotFound);
    });
  });

  it("sends the current Promotions, a BOOKMARK, then a new Promotion as ADDED", async () => {
    const existing = await promote("test", "before");
    const abort = new AbortController();
    const stream = stack().client(PromotionService).watchPromotions({ project }, { signal: abort.signal })[Symbol.asyncIterator]();
    const next = async (): Promise<WatchPromotionsResponse> => (await stream.next()).value as WatchPromotionsResponse;
    try {
      const snapshot = await next();
      expect(snapshot.type).toBe(WatchEventType.ADDED);
      expect(snapshot.promotion?.metadata?.name).toBe(existing);
      const bookmark = await next();
      expect(bookmark.type).toBe(WatchEventType.BOOKMARK);
      expect(bookmark.promotion).toBeUndefined();
      expect(bookmark.resourceVersion).not.toBe("");

      const created = await promote("uat", "after");
      // The promotion runner's progress on the first Promotion may come in between.
      let live = await next();
      while (live.promotion?.metadata?.name !== created) {
        expect(live).toMatchObject({ type: WatchEventType.MODIFIED, promotion: { metadata: { name: existing } } });
        live = await next();
      }
      expect(live.type).toBe(WatchEventType.ADDED);
      expect(live.promotion?.metadata?.name).toBe(created);
      expect(live.promotion?.spec?.stage).toBe("uat");
    } finally {
      abort.abort();
    }
  });

  it("sends only the Promotions into the stage asked for", async () => {
    const abort = new AbortController();
    const stream = stack().client(PromotionService).watchPromotions({ project, stage: "uat" }, { signal: abort.signal })[Symbol.asyncIterator]();
    const next = async (): Promise<WatchPromotionsResponse> => (await stream.next()).value as WatchPromotionsResponse;
    try {
      const seen: string[] = [];
      for (let event = await next(); event.type !== WatchEventType.BOOKMARK; event = await next()) seen.push(event.promotion?.spec?.stage ?? "");
      expect(seen).toEqual(["uat"]);
      await promote("test", "elsewhere");
      const created = await promote("uat", "here");
      // Whatever comes first (the runner's progress on uat's first Promotion) is about uat.
      let live = await next();
      while (live.promotion?.metadata?.name !== created) {
        expect(live.promotion?.spec?.stage).toBe("uat");
        live = await next();
      }
      expect(live.type).toBe(WatchEventType.ADDED);
    } finally {
      abort.abort();
    }
  });
});
