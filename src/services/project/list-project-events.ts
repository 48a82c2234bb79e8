import { create } from "@bufbuild/protobuf";
import type { ListProjectEventsRequest, ListProjectEventsResponse } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { ListProjectEventsResponseSchema } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { EventSchema } from "../../../gen/kargo/api/v1/event_pb.js";
import { RESOURCES, toMessage } from "../../kube/index.js";
import { listCached, pageOf, requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { isKargoEvent, newestFirst } from "./kargo-events.js";

/**
 * ProjectService.ListProjectEvents: the Kubernetes Events about Kargo objects in the project's
 * namespace, from the events cache, newest first (see eventTime), one page.
 */
export function listProjectEvents(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function listProjectEvents(req: ListProjectEventsRequest): Promise<ListProjectEventsResponse> {
    const project = await requireProject(deps, req.project);
    const events = [...(await listCached(deps.caches.cache(RESOURCES.events), project, isKargoEvent))].sort(newestFirst);
    const { items, nextPageToken, totalSize } = pageOf(events, req, { project });
    return create(ListProjectEventsResponseSchema, { events: items.map((e) => toMessage(EventSchema, e)), nextPageToken, totalSize });
  };
}
