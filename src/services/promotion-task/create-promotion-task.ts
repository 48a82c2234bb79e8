import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { CreatePromotionTaskRequest, CreatePromotionTaskResponse } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import { CreatePromotionTaskResponseSchema } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import { requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { projectTasks, taskOperations } from "./task-operations.js";

/** PromotionTaskService.CreatePromotionTask: validates the typed spec as admission does (promotionTaskSpecJson) and creates the PromotionTask; ALREADY_EXISTS when the name is taken. */
export function createPromotionTask(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function createPromotionTask(req: CreatePromotionTaskRequest, context: HandlerContext): Promise<CreatePromotionTaskResponse> {
    const project = await requireProject(deps, req.project);
    return create(CreatePromotionTaskResponseSchema, {
      promotionTask: await taskOperations.create(deps, projectTasks(project), req.name, req.spec, context.signal),
    });
  };
}
