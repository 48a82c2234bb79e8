import { create } from "@bufbuild/protobuf";
import type { GetClusterPromotionTaskRequest, GetClusterPromotionTaskResponse } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import { GetClusterPromotionTaskResponseSchema } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import type { ServiceDeps } from "../create-services.js";
import { clusterTasks, taskOperations } from "./task-operations.js";

/** PromotionTaskService.GetClusterPromotionTask: one ClusterPromotionTask from the cache, typed or raw; NOT_FOUND when missing. */
export function getClusterPromotionTask(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function getClusterPromotionTask(req: GetClusterPromotionTaskRequest): Promise<GetClusterPromotionTaskResponse> {
    return create(GetClusterPromotionTaskResponseSchema, {
      result: await taskOperations.get(deps, clusterTasks, req.name, req.format, "clusterPromotionTask"),
    });
  };
}
