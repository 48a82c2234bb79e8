import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { WatchStagesRequest, WatchStagesResponse } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { WatchStagesResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { StageSchema } from "../../../gen/kargo/api/v1/stage_pb.js";
import { RESOURCES, serveWatch, toMessage, watchEventType, type KubeObject } from "../../kube/index.js";
import { getCachedOrNotFound, requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { promotionWindowCachesSynced } from "../promotion/assert-promotion-window-open.js";
import { requestsFromOrigins } from "./requests-from-origins.js";
import { withPromotionWindowStatusNow } from "./with-promotion-window-status.js";

/**
 * StageService.WatchStages: a project's Stages, or one by `name` (NOT_FOUND when it does not
 * exist at the start of a fresh watch), optionally only those requesting from `freight_origins`.
 * A Stage that stops matching is sent as DELETED (Kargo's Connect path silently dropped it). Each
 * Stage carries `status.promotionWindowStatus` as evaluated when its event is sent, as GetStage and
 * ListStages answer it (withPromotionWindowStatus), not the one stored on it.
 */
export function watchStages(deps: Pick<ServiceDeps, "caches" | "kube" | "hub" | "promotionWindowClock">) {
  return async function* watchStages(req: WatchStagesRequest, context: HandlerContext): AsyncGenerator<WatchStagesResponse> {
    const project = await requireProject(deps, req.project);
    const name = req.name.trim();
    if (name !== "" && req.resourceVersion === "") await getCachedOrNotFound(deps.caches.cache(RESOURCES.stages), project, name);
    const byOrigin = requestsFromOrigins(req.freightOrigins);
    await promotionWindowCachesSynced(deps);
    const filter = name === "" && byOrigin === undefined ? undefined : (s: KubeObject) => (name === "" || s.metadata.name === name) && (byOrigin?.(s) ?? true);
    yield* serveWatch(deps.hub, { type: RESOURCES.stages, namespace: project, filter, resourceVersion: req.resourceVersion }, context, (e) =>
      create(WatchStagesResponseSchema, {
        type: watchEventType(e.type),
        stage: e.object && toMessage(StageSchema, withPromotionWindowStatusNow(deps, project)(e.object)),
        resourceVersion: e.resourceVersion,
      }),
    );
  };
}
