import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { DeleteClusterPromotionTaskRequest, DeleteClusterPromotionTaskResponse } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import { DeleteClusterPromotionTaskResponseSchema } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import type { ServiceDeps } from "../create-services.js";
import { clusterTasks, taskOperations } from "./task-operations.js";

/** PromotionTaskService.DeleteClusterPromotionTask: deletes the ClusterPromotionTask; NOT_FOUND from the DELETE itself. */
export function deleteClusterPromotionTask(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function deleteClusterPromotionTask(
    req: DeleteClusterPromotionTaskRequest,
    context: HandlerContext,
  ): Promise<DeleteClusterPromotionTaskResponse> {
    await taskOperations.delete(deps, clusterTasks, req.name, context.signal);
    return create(DeleteClusterPromotionTaskResponseSchema, {});
  };
}
