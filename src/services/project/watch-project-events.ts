import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { WatchProjectEventsRequest, WatchProjectEventsResponse } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { WatchProjectEventsResponseSchema } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { EventSchema } from "../../../gen/kargo/api/v1/event_pb.js";
import { RESOURCES, serveWatch, toMessage, watchEventType } from "../../kube/index.js";
import { requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { isKargoEvent } from "./kargo-events.js";

/**
 * ProjectService.WatchProjectEvents: the events of ListProjectEvents as a watch from the shared
 * events informer (snapshot, BOOKMARK, live changes, resume, heartbeats). Kargo has no such RPC.
 */
export function watchProjectEvents(deps: Pick<ServiceDeps, "caches" | "kube" | "hub">) {
  return async function* watchProjectEvents(req: WatchProjectEventsRequest, context: HandlerContext): AsyncGenerator<WatchProjectEventsResponse> {
    const project = await requireProject(deps, req.project);
    yield* serveWatch(deps.hub, { type: RESOURCES.events, namespace: project, filter: isKargoEvent, resourceVersion: req.resourceVersion }, context, (e) =>
      create(WatchProjectEventsResponseSchema, {
        type: watchEventType(e.type),
        event: e.object && toMessage(EventSchema, e.object),
        resourceVersion: e.resourceVersion,
      }),
    );
  };
}
