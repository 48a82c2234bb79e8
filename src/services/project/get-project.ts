import { create } from "@bufbuild/protobuf";
import type { GetProjectRequest, GetProjectResponse } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { GetProjectResponseSchema } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { ProjectSchema } from "../../../gen/kargo/api/v1/project_pb.js";
import { RESOURCES } from "../../kube/index.js";
import { getCachedOrNotFound, requireField, typedOrRaw } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { withProjectStats } from "./with-project-stats.js";

/**
 * ProjectService.GetProject: the Project object from the cache, typed or raw, with `status.stats`
 * computed from the caches (withProjectStats). NOT_FOUND when missing.
 */
export function getProject(deps: Pick<ServiceDeps, "caches">) {
  return async function getProject(req: GetProjectRequest): Promise<GetProjectResponse> {
    const name = requireField(req.name, "name");
    const project = await withProjectStats(deps.caches, await getCachedOrNotFound(deps.caches.cache(RESOURCES.projects), undefined, name));
    return create(GetProjectResponseSchema, { result: typedOrRaw(RESOURCES.projects, project, req.format, ProjectSchema, "project") });
  };
}
