import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { DeletePromotionTaskRequest, DeletePromotionTaskResponse } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import { DeletePromotionTaskResponseSchema } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import { requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { projectTasks, taskOperations } from "./task-operations.js";

/** PromotionTaskService.DeletePromotionTask: deletes the PromotionTask; NOT_FOUND from the DELETE itself. */
export function deletePromotionTask(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function deletePromotionTask(req: DeletePromotionTaskRequest, context: HandlerContext): Promise<DeletePromotionTaskResponse> {
    const project = await requireProject(deps, req.project);
    await taskOperations.delete(deps, projectTasks(project), req.name, context.signal);
    return create(DeletePromotionTaskResponseSchema, {});
  };
}
