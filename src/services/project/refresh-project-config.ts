import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { RefreshProjectConfigRequest, RefreshProjectConfigResponse } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { RefreshProjectConfigResponseSchema } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { ProjectConfigSchema } from "../../../gen/kargo/api/v1/project_pb.js";
import { RESOURCES, toMessage } from "../../kube/index.js";
import { refreshObject, requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";

/**
 * ProjectService.RefreshProjectConfig (docs/api-behaviour.md, ProjectService): merge-patches `kargo.akuity.io/refresh` on the
 * project's ProjectConfig with a fresh token, as RefreshWarehouse does. Kargo does this through
 * RefreshResource with its own identity for anyone authenticated; here the caller needs `patch`
 * on the ProjectConfig. NOT_FOUND when the project or its ProjectConfig is missing.
 */
export function refreshProjectConfig(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function refreshProjectConfig(req: RefreshProjectConfigRequest, context: HandlerContext): Promise<RefreshProjectConfigResponse> {
    const project = await requireProject(deps, req.project);
    const { refreshed } = await refreshObject(deps, RESOURCES.projectconfigs, project, project, context.signal);
    return create(RefreshProjectConfigResponseSchema, { projectConfig: toMessage(ProjectConfigSchema, refreshed) });
  };
}
