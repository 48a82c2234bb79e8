import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { PromotionSchema } from "../../../gen/kargo/api/v1/promotion_pb.js";
import { RefreshPromotionResponseSchema, type RefreshPromotionRequest, type RefreshPromotionResponse } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { RESOURCES, toMessage } from "../../kube/index.js";
import { refreshObject, requireField, requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";

/**
 * PromotionService.RefreshPromotion (docs/api-behaviour.md, PromotionService): merge-patches
 * `kargo.akuity.io/refresh` with a fresh token on the Promotion, so the controller reconciles it
 * now (Kargo's RefreshResource does the same for a Stage's current Promotion; Kargo's REST API has
 * `POST promotions/:p/refresh`). The caller needs `patch` on the Promotion (Kargo lets anyone
 * refresh); the token changes on every call. NOT_FOUND when the Promotion does not exist.
 */
export function refreshPromotion(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function refreshPromotion(req: RefreshPromotionRequest, context: HandlerContext): Promise<RefreshPromotionResponse> {
    const name = requireField(req.name, "name");
    const project = await requireProject(deps, req.project);
    const { refreshed } = await refreshObject(deps, RESOURCES.promotions, project, name, context.signal);
    return create(RefreshPromotionResponseSchema, { promotion: toMessage(PromotionSchema, refreshed) });
  };
}
