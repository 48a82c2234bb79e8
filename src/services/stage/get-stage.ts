import { create } from "@bufbuild/protobuf";
import type { GetStageRequest, GetStageResponse } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { GetStageResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { StageSchema } from "../../../gen/kargo/api/v1/stage_pb.js";
import { RESOURCES } from "../../kube/index.js";
import { getCachedOrNotFound, requireField, requireProject, typedOrRaw } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { withPromotionWindowStatus } from "./with-promotion-window-status.js";

/**
 * StageService.GetStage: one Stage from the cache, typed or raw, with `status.promotionWindowStatus`
 * as evaluated now (withPromotionWindowStatus: a lookup while nothing it depends on changed). NOT_FOUND when missing.
 */
export function getStage(deps: Pick<ServiceDeps, "caches" | "kube" | "promotionWindowClock">) {
  return async function getStage(req: GetStageRequest): Promise<GetStageResponse> {
    const project = await requireProject(deps, req.project);
    const name = requireField(req.name, "name");
    const cached = await getCachedOrNotFound(deps.caches.cache(RESOURCES.stages), project, name);
    const stage = (await withPromotionWindowStatus(deps, project))(cached);
    return create(GetStageResponseSchema, { result: typedOrRaw(RESOURCES.stages, stage, req.format, StageSchema, "stage") });
  };
}
