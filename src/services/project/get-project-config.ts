import { create } from "@bufbuild/protobuf";
import type { GetProjectConfigRequest, GetProjectConfigResponse } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { GetProjectConfigResponseSchema } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { ProjectConfigSchema } from "../../../gen/kargo/api/v1/project_pb.js";
import { RESOURCES } from "../../kube/index.js";
import { getCachedOrNotFound, requireProject, typedOrRaw } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";

/**
 * ProjectService.GetProjectConfig: the ProjectConfig named after the project, in its namespace.
 * NOT_FOUND when the project or its ProjectConfig is missing.
 */
export function getProjectConfig(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function getProjectConfig(req: GetProjectConfigRequest): Promise<GetProjectConfigResponse> {
    const project = await requireProject(deps, req.project);
    const config = await getCachedOrNotFound(deps.caches.cache(RESOURCES.projectconfigs), project, project);
    return create(GetProjectConfigResponseSchema, { result: typedOrRaw(RESOURCES.projectconfigs, config, req.format, ProjectConfigSchema, "projectConfig") });
  };
}
