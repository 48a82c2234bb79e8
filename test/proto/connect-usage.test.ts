// The generated services work with Connect as the README of
// proto/kargo/api/v1 shows: a unary promote, then a watch of the Promotion.
import { create } from "@bufbuild/protobuf";
import { createClient, createRouterTransport } from "@connectrpc/connect";
import { ObjectMetaSchema } from "../../gen/kargo/api/v1/metadata_pb.js";
import { PromotionSchema, PromotionStatusSchema } from "../../gen/kargo/api/v1/promotion_pb.js";
import type { Promotion } from "../../gen/kargo/api/v1/promotion_pb.js";
import { PromotionService } from "../../gen/kargo/api/v1/promotion_service_pb.js";
import { WatchEventType } from "../../gen/kargo/api/v1/watch_pb.js";

function promotionIn(phase: string): Promotion {
  return create(PromotionSchema, {
    apiVersion: "kargo.akuity.io/v1alpha1",
    kind: "Promotion",
    metadata: create(ObjectMetaSchema, { name: "uat.01jd3k8x7m2q5r9t0v4w6y8z1a.8f3a1c9", namespace: "kargo-demo" }),
    spec: { stage: "uat", freight: "8f3a1c9d2b7e4f60a5c1d3e2b4a6978877665544" },
    status: create(PromotionStatusSchema, { phase }),
  });
}

const transport = createRouterTransport(({ service }) => {
  service(PromotionService, {
    promoteToStage: (request) => {
      expect(request).toMatchObject({ project: "kargo-demo", stage: "uat", freightAlias: "wonky-wombat" });
      return { promotion: promotionIn("Pending") };
    },
    async *watchPromotion(request) {
      expect(request.resourceVersion).toBe("");
      yield { type: WatchEventType.ADDED, promotion: promotionIn("Pending"), resourceVersion: "10" };
      yield { type: WatchEventType.BOOKMARK, resourceVersion: "10" };
      yield { type: WatchEventType.MODIFIED, promotion: promotionIn("Succeeded"), resourceVersion: "12" };
    },
  });
});

describe("a Connect client of the generated PromotionService", () => {
  it("promotes by alias and follows the Promotion to its end", async () => {
    const promotions = createClient(PromotionService, transport);
    const { promotion } = await promotions.promoteToStage({ project: "kargo-demo", stage: "uat", freightAlias: "wonky-wombat" });
    const seen: string[] = [];
    for await (const event of promotions.watchPromotion({ project: "kargo-demo", name: promotion?.metadata?.name ?? "" })) {
      seen.push(`${WatchEventType[event.type]} ${event.promotion?.status?.phase ?? "-"} ${event.resourceVersion}`);
    }
    expect(seen).toEqual(["ADDED Pending 10", "BOOKMARK - 10", "MODIFIED Succeeded 12"]);
  });
});
