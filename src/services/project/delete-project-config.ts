import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { DeleteProjectConfigRequest, DeleteProjectConfigResponse } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { DeleteProjectConfigResponseSchema } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { RESOURCES } from "../../kube/index.js";
import { requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";

/**
 * ProjectService.DeleteProjectConfig: deletes the ProjectConfig named after the project. NOT_FOUND
 * when the project is missing, or — from the DELETE itself — when its ProjectConfig is.
 */
export function deleteProjectConfig(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function deleteProjectConfig(req: DeleteProjectConfigRequest, context: HandlerContext): Promise<DeleteProjectConfigResponse> {
    const project = await requireProject(deps, req.project);
    await deps.kube.delete(RESOURCES.projectconfigs, { namespace: project, name: project }, { signal: context.signal });
    return create(DeleteProjectConfigResponseSchema, {});
  };
}
