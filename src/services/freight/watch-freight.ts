import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { FreightSchema } from "../../../gen/kargo/api/v1/freight_pb.js";
import { WatchFreightResponseSchema, type FreightService } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { RESOURCES, serveWatch, toMessage, watchEventType, type KubeObject, type WatchHub } from "../../kube/index.js";
import { getCachedOrNotFound, requireProject, type RequireProjectDeps } from "../common/index.js";
import { freightFilter } from "./freight-filter.js";

/** What WatchFreight needs. */
export interface WatchFreightDeps extends RequireProjectDeps {
  readonly hub: WatchHub;
}

/**
 * FreightService.WatchFreight: a project's Freight from the watch hub (snapshot, BOOKMARK, live
 * changes, resume), optionally only that of some origins or available to a Stage. The Stage is
 * read from the cache on every change, so a change of its requested Freight applies at once;
 * Freight that stops matching arrives as DELETED (Kargo's Connect watch silently dropped it).
 */
export function watchFreight(deps: WatchFreightDeps): ServiceImpl<typeof FreightService>["watchFreight"] {
  return async function* (req, ctx) {
    const project = await requireProject(deps, req.project);
    const stages = deps.caches.cache(RESOURCES.stages);
    if (req.stage !== "") await getCachedOrNotFound(stages, project, req.stage);

    const filter =
      req.stage !== ""
        ? (object: KubeObject) => {
            const stage = stages.get(project, req.stage);
            return stage !== undefined && freightFilter({ stage, now: new Date() })!(object);
          }
        : freightFilter({ origins: req.origins, now: new Date() });
    yield* serveWatch(
      deps.hub,
      { type: RESOURCES.freights, namespace: project, resourceVersion: req.resourceVersion, ...(filter ? { filter } : {}) },
      ctx,
      (event) =>
        create(WatchFreightResponseSchema, {
          type: watchEventType(event.type),
          ...(event.object ? { freight: toMessage(FreightSchema, event.object) } : {}),
          resourceVersion: event.resourceVersion,
        }),
    );
  };
}
