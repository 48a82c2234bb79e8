import { create } from "@bufbuild/protobuf";
import type { GetPromotionTaskRequest, GetPromotionTaskResponse } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import { GetPromotionTaskResponseSchema } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import { requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { projectTasks, taskOperations } from "./task-operations.js";

/** PromotionTaskService.GetPromotionTask: one PromotionTask from the cache, typed or raw; NOT_FOUND when missing. */
export function getPromotionTask(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function getPromotionTask(req: GetPromotionTaskRequest): Promise<GetPromotionTaskResponse> {
    const project = await requireProject(deps, req.project);
    return create(GetPromotionTaskResponseSchema, { result: await taskOperations.get(deps, projectTasks(project), req.name, req.format, "promotionTask") });
  };
}
