import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { UpdateClusterPromotionTaskRequest, UpdateClusterPromotionTaskResponse } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import { UpdateClusterPromotionTaskResponseSchema } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import type { ServiceDeps } from "../create-services.js";
import { clusterTasks, taskOperations } from "./task-operations.js";

/** PromotionTaskService.UpdateClusterPromotionTask: validates the typed spec and replaces vars and steps with one merge patch; NOT_FOUND when missing, ABORTED when `resource_version` is stale. */
export function updateClusterPromotionTask(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function updateClusterPromotionTask(
    req: UpdateClusterPromotionTaskRequest,
    context: HandlerContext,
  ): Promise<UpdateClusterPromotionTaskResponse> {
    return create(UpdateClusterPromotionTaskResponseSchema, {
      clusterPromotionTask: await taskOperations.update(deps, clusterTasks, req.name, req.spec, req.resourceVersion, context.signal),
    });
  };
}
