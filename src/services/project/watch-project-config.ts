import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { WatchProjectConfigRequest, WatchProjectConfigResponse } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { WatchProjectConfigResponseSchema } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { ProjectConfigSchema } from "../../../gen/kargo/api/v1/project_pb.js";
import { RESOURCES, serveWatch, toMessage, watchEventType, type KubeObject } from "../../kube/index.js";
import { getCachedOrNotFound, requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";

/**
 * ProjectService.WatchProjectConfig: the project's ProjectConfig (named after the project) from
 * the shared informer through the hub. A fresh watch is NOT_FOUND when it does not exist, as in
 * Kargo; a resumed one is not (the config may have been deleted after the client's version, and
 * the client is owed that DELETED).
 */
export function watchProjectConfig(deps: Pick<ServiceDeps, "caches" | "kube" | "hub">) {
  return async function* watchProjectConfig(req: WatchProjectConfigRequest, context: HandlerContext): AsyncGenerator<WatchProjectConfigResponse> {
    const project = await requireProject(deps, req.project);
    if (req.resourceVersion === "") await getCachedOrNotFound(deps.caches.cache(RESOURCES.projectconfigs), project, project);
    const filter = (config: KubeObject) => config.metadata.name === project;
    yield* serveWatch(deps.hub, { type: RESOURCES.projectconfigs, namespace: project, filter, resourceVersion: req.resourceVersion }, context, (e) =>
      create(WatchProjectConfigResponseSchema, {
        type: watchEventType(e.type),
        projectConfig: e.object && toMessage(ProjectConfigSchema, e.object),
        resourceVersion: e.resourceVersion,
      }),
    );
  };
}
