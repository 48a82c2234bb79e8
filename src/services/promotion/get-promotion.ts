import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { PromotionSchema } from "../../../gen/kargo/api/v1/promotion_pb.js";
import { GetPromotionResponseSchema, type PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { RESOURCES } from "../../kube/index.js";
import { getCachedOrNotFound, requireField, requireProject, typedOrRaw, type RequireProjectDeps } from "../common/index.js";

/** PromotionService.GetPromotion: one Promotion from the cache, typed or raw. */
export function getPromotion(deps: RequireProjectDeps): ServiceImpl<typeof PromotionService>["getPromotion"] {
  return async (req) => {
    const name = requireField(req.name, "name");
    const project = await requireProject(deps, req.project);
    const promotion = await getCachedOrNotFound(deps.caches.cache(RESOURCES.promotions), project, name);
    return create(GetPromotionResponseSchema, { result: typedOrRaw(RESOURCES.promotions, promotion, req.format, PromotionSchema, "promotion") });
  };
}
