import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { PromotionSchema } from "../../../gen/kargo/api/v1/promotion_pb.js";
import { WatchPromotionsResponseSchema, type PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { RESOURCES, serveWatch, toMessage, watchEventType, type KubeObject } from "../../kube/index.js";
import { getCachedOrNotFound, requireProject } from "../common/index.js";
import type { WatchFreightDeps as WatchDeps } from "../freight/watch-freight.js";

/**
 * PromotionService.WatchPromotions: a project's Promotions (optionally into one Stage) from the
 * watch hub: snapshot, BOOKMARK, live changes, heartbeats, resume. NOT_FOUND for a Stage that
 * does not exist.
 */
export function watchPromotions(deps: WatchDeps): ServiceImpl<typeof PromotionService>["watchPromotions"] {
  return async function* (req, ctx) {
    const project = await requireProject(deps, req.project);
    const stage = req.stage.trim();
    if (stage !== "") await getCachedOrNotFound(deps.caches.cache(RESOURCES.stages), project, stage);

    const filter = stage !== "" ? (object: KubeObject) => (object["spec"] as { stage?: string } | undefined)?.stage === stage : undefined;
    yield* serveWatch(
      deps.hub,
      { type: RESOURCES.promotions, namespace: project, resourceVersion: req.resourceVersion, ...(filter ? { filter } : {}) },
      ctx,
      (event) =>
        create(WatchPromotionsResponseSchema, {
          type: watchEventType(event.type),
          ...(event.object ? { promotion: toMessage(PromotionSchema, event.object) } : {}),
          resourceVersion: event.resourceVersion,
        }),
    );
  };
}
