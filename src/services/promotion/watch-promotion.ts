import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { PromotionSchema } from "../../../gen/kargo/api/v1/promotion_pb.js";
import { WatchPromotionResponseSchema, type PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { RESOURCES, serveWatch, toMessage, watchEventType } from "../../kube/index.js";
import { getCachedOrNotFound, requireField, requireProject } from "../common/index.js";
import type { WatchFreightDeps as WatchDeps } from "../freight/watch-freight.js";

/**
 * PromotionService.WatchPromotion: one Promotion from the watch hub — ADDED with its state, a
 * BOOKMARK, then MODIFIED (phase, abort annotation …) and DELETED. NOT_FOUND when it does not
 * exist at the start; a resumed watch (resource_version set) skips that check, so a client that
 * missed the deletion still receives its DELETED.
 */
export function watchPromotion(deps: WatchDeps): ServiceImpl<typeof PromotionService>["watchPromotion"] {
  return async function* (req, ctx) {
    const name = requireField(req.name, "name");
    const project = await requireProject(deps, req.project);
    if (req.resourceVersion === "") await getCachedOrNotFound(deps.caches.cache(RESOURCES.promotions), project, name);

    yield* serveWatch(
      deps.hub,
      { type: RESOURCES.promotions, namespace: project, resourceVersion: req.resourceVersion, filter: (object) => object.metadata.name === name },
      ctx,
      (event) =>
        create(WatchPromotionResponseSchema, {
          type: watchEventType(event.type),
          ...(event.object ? { promotion: toMessage(PromotionSchema, event.object) } : {}),
          resourceVersion: event.resourceVersion,
        }),
    );
  };
}
