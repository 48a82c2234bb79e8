import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { PromotionSchema } from "../../../gen/kargo/api/v1/promotion_pb.js";
import { ListPromotionsResponseSchema, type PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { RESOURCES, toMessage, type KubeObject } from "../../kube/index.js";
import { listCached, pageOf, requireProject, type RequireProjectDeps } from "../common/index.js";
import { comparePromotions } from "./promotion-order.js";

/**
 * PromotionService.ListPromotions: a project's Promotions, optionally into one Stage (`spec.stage`),
 * from the cache, in comparePromotions' order, paginated.
 */
export function listPromotions(deps: RequireProjectDeps): ServiceImpl<typeof PromotionService>["listPromotions"] {
  return async (req) => {
    const project = await requireProject(deps, req.project);
    const stage = req.stage.trim();
    const filter = stage !== "" ? (object: KubeObject) => (object["spec"] as { stage?: string } | undefined)?.stage === stage : undefined;
    const promotions = [...(await listCached(deps.caches.cache(RESOURCES.promotions), project, filter))].sort(comparePromotions);
    const { items, nextPageToken, totalSize } = pageOf(promotions, req, { project, stage });
    return create(ListPromotionsResponseSchema, { promotions: items.map((p) => toMessage(PromotionSchema, p)), nextPageToken, totalSize });
  };
}
