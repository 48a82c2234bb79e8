import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { DeleteStageRequest, DeleteStageResponse } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { DeleteStageResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { RESOURCES } from "../../kube/index.js";
import { requireField, requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";

/** StageService.DeleteStage: deletes the Stage (its Promotions follow by ownership). NOT_FOUND from the DELETE itself. */
export function deleteStage(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function deleteStage(req: DeleteStageRequest, context: HandlerContext): Promise<DeleteStageResponse> {
    const project = await requireProject(deps, req.project);
    const name = requireField(req.name, "name");
    await deps.kube.delete(RESOURCES.stages, { namespace: project, name }, { signal: context.signal });
    return create(DeleteStageResponseSchema, {});
  };
}
