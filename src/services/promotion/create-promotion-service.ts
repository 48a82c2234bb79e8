import { PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { implement, type ServiceImplementation } from "../../server/service-implementation.js";
import type { ServiceDeps } from "../create-services.js";
import { abortPromotion } from "./abort-promotion.js";
import { getPromotion } from "./get-promotion.js";
import { listPromotions } from "./list-promotions.js";
import { promoteDownstream } from "./promote-downstream.js";
import { promoteToStage } from "./promote-to-stage.js";
import { previewPromotion } from "./preview-promotion.js";
import { refreshPromotion } from "./refresh-promotion.js";
import { watchPromotion } from "./watch-promotion.js";
import { watchPromotions } from "./watch-promotions.js";

/** PromotionService, all eight RPCs. Authorization is the interceptor's (authorization-table.ts). */
export function createPromotionService(deps: ServiceDeps): ServiceImplementation {
  return implement(PromotionService, {
    promoteToStage: promoteToStage(deps),
    promoteDownstream: promoteDownstream(deps),
    listPromotions: listPromotions(deps),
    getPromotion: getPromotion(deps),
    abortPromotion: abortPromotion(deps),
    refreshPromotion: refreshPromotion(deps),
    watchPromotions: watchPromotions(deps),
    watchPromotion: watchPromotion(deps),
    previewPromotion: previewPromotion(deps),
  });
}
