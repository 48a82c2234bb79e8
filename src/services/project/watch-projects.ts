import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { WatchProjectsRequest, WatchProjectsResponse } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { WatchProjectsResponseSchema } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { ProjectSchema } from "../../../gen/kargo/api/v1/project_pb.js";
import { RESOURCES, serveWatch, toMessage, watchEventType } from "../../kube/index.js";
import type { ServiceDeps } from "../create-services.js";
import { withProjectStats } from "./with-project-stats.js";

/**
 * ProjectService.WatchProjects: every project through the watch hub (snapshot, BOOKMARK, changes,
 * heartbeats, resume from `resource_version`), each sent with `status.stats` computed from the
 * caches at that moment, so a dashboard follows every project at once. The stream moves when a
 * Project changes — which, in embedded mode, the stats controller makes happen whenever a
 * project's counts or health change; on a cluster, when Kargo's controller rewrites the stats.
 */
export function watchProjects(deps: Pick<ServiceDeps, "caches" | "hub">) {
  return async function* watchProjects(req: WatchProjectsRequest, context: HandlerContext): AsyncGenerator<WatchProjectsResponse> {
    // The signal only: each event needs async work (the stats) here, so the stream is not handed
    // to the HTTP layer (serveWatch's WatchContext) and stays on the RPC pipeline.
    const events = serveWatch(deps.hub, { type: RESOURCES.projects, resourceVersion: req.resourceVersion }, context.signal, (e) => e);
    for await (const e of events) {
      const project = e.object && e.type !== "DELETED" ? await withProjectStats(deps.caches, e.object) : e.object;
      yield create(WatchProjectsResponseSchema, {
        type: watchEventType(e.type),
        project: project && toMessage(ProjectSchema, project),
        resourceVersion: e.resourceVersion,
      });
    }
  };
}
