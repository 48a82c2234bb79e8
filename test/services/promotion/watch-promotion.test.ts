import { Code } from "@connectrpc/connect";
import { WatchEventType } from "../../../gen/kargo/api/v1/watch_pb.js";
import { PromotionService, type WatchPromotionResponse } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { NO_HEARTBEAT_ENV } from "../../support/no-watch-heartbeats.js";
import { codeOf, fixtures } from "../freight/kargo-fixtures.js";

const project = "watch-one";

describe("PromotionService.WatchPromotion", () => {
  // Tests expect particular next messages: no heartbeat BOOKMARK may come in between.
  const stack = useKargoStack({ env: NO_HEARTBEAT_ENV });
  const fx = fixtures(stack);

  beforeAll(async () => {
    await fx.project(project);
    await fx.warehouse(project, "images");
    await fx.stage(project, "test", [{ sources: { direct: true } }]);
  });

  describe("without a name", () => {
    it("is INVALID_ARGUMENT", async () => {
      const stream = stack().client(PromotionService).watchPromotion({ project });
      expect(
        await codeOf(
          (async () => {
            for await (const _ of stream) break;
          })(),
        ),
      ).toBe(Code.InvalidArgument);
    });
  });

  describe("when the promotion does not exist", () => {
    it("is NOT_FOUND", async () => {
      const stream = stack().client(PromotionService).watchPromotion({ project, name: "test.missing" });
      expect(
        await codeOf(
          (async () => {
            for await (const _ of stream) break;
          })(),
        ),
      ).toBe(Code.NotFound);
    });
  });

  it("sends the Promotion, a BOOKMARK, then its abort as MODIFIED, and only that Promotion", async () => {
    const client = stack().client(PromotionService);
    const promote = async (alias: string) => {
      const freight = await fx.freight(project, { alias });
      return (await client.promoteToStage({ project, stage: "test", freight })).promotion!.metadata!.name;
    };
    const name = await promote("watched");
    const abort = new AbortController();
    const stream = client.watchPromotion({ project, name }, { signal: abort.signal })[Symbol.asyncIterator]();
    const next = async (): Promise<WatchPromotionResponse> => (await stream.next()).value as WatchPromotionResponse;
    try {
      const first = await next();
      expect(first.type).toBe(WatchEventType.ADDED);
      expect(first.promotion?.metadata?.name).toBe(name);
      expect((await next()).type).toBe(WatchEventType.BOOKMARK);

      await promote("unwatched");
      await client.abortPromotion({ project, name });
      // A promotion runner may report progress first: every change is this Promotion, MODIFIED.
      let modified = await next();
      while (modified.promotion?.metadata?.annotations?.["kargo.akuity.io/abort"] === undefined) {
        expect(modified).toMatchObject({ type: WatchEventType.MODIFIED, promotion: { metadata: { name } } });
        modified = await next();
      }
      expect(modified.type).toBe(WatchEventType.MODIFIED);
      expect(modified.promotion?.metadata?.name).toBe(name);
      expect(JSON.parse(modified.promotion?.metadata?.annotations?.["kargo.akuity.io/abort"] ?? "null")).toEqual({ action: "terminate", actor: "admin" });
    } finally {
      abort.abort();
    }
  });
});
