import { create } from "@bufbuild/protobuf";
import type { ListStagesRequest, ListStagesResponse } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { ListStagesResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { StageSchema } from "../../../gen/kargo/api/v1/stage_pb.js";
import { RESOURCES, toMessage } from "../../kube/index.js";
import { listCached, pageOf, requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { requestsFromOrigins } from "./requests-from-origins.js";
import { withPromotionWindowStatus } from "./with-promotion-window-status.js";

/**
 * StageService.ListStages: the project's Stages from the cache, by name, optionally by origin, one
 * page; each with `status.promotionWindowStatus` as evaluated now (withPromotionWindowStatus: a lookup
 * per Stage while nothing it depends on changed).
 */
export function listStages(deps: Pick<ServiceDeps, "caches" | "kube" | "promotionWindowClock">) {
  return async function listStages(req: ListStagesRequest): Promise<ListStagesResponse> {
    const project = await requireProject(deps, req.project);
    const stages = await listCached(deps.caches.cache(RESOURCES.stages), project, requestsFromOrigins(req.freightOrigins));
    const { items, nextPageToken, totalSize } = pageOf(stages, req, { project, origins: [...req.freightOrigins].sort() });
    const withWindow = await withPromotionWindowStatus(deps, project);
    return create(ListStagesResponseSchema, { stages: items.map((s) => toMessage(StageSchema, withWindow(s))), nextPageToken, totalSize });
  };
}
