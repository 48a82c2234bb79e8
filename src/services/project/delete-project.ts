import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { DeleteProjectRequest, DeleteProjectResponse } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { DeleteProjectResponseSchema } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { RESOURCES } from "../../kube/index.js";
import { requireField } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";

/**
 * ProjectService.DeleteProject: deletes the Project object only; the controller's finalizer
 * deletes the Namespace (unless `kargo.akuity.io/keep-namespace`). NOT_FOUND when missing — the
 * DELETE itself answers it, so there is no window between a check and the delete.
 */
export function deleteProject(deps: Pick<ServiceDeps, "kube">) {
  return async function deleteProject(req: DeleteProjectRequest, context: HandlerContext): Promise<DeleteProjectResponse> {
    const name = requireField(req.name, "name");
    await deps.kube.delete(RESOURCES.projects, { name }, { signal: context.signal });
    return create(DeleteProjectResponseSchema, {});
  };
}
