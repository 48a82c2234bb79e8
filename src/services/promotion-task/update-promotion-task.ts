import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { UpdatePromotionTaskRequest, UpdatePromotionTaskResponse } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import { UpdatePromotionTaskResponseSchema } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import { requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { projectTasks, taskOperations } from "./task-operations.js";

/** PromotionTaskService.UpdatePromotionTask: validates the typed spec and replaces vars and steps with one merge patch; NOT_FOUND when missing, ABORTED when `resource_version` is stale. */
export function updatePromotionTask(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function updatePromotionTask(req: UpdatePromotionTaskRequest, context: HandlerContext): Promise<UpdatePromotionTaskResponse> {
    const project = await requireProject(deps, req.project);
    return create(UpdatePromotionTaskResponseSchema, {
      promotionTask: await taskOperations.update(deps, projectTasks(project), req.name, req.spec, req.resourceVersion, context.signal),
    });
  };
}
