import { create } from "@bufbuild/protobuf";
import type { ListClusterPromotionTasksRequest, ListClusterPromotionTasksResponse } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import { ListClusterPromotionTasksResponseSchema } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import type { ServiceDeps } from "../create-services.js";
import { clusterTasks, taskOperations } from "./task-operations.js";

/** PromotionTaskService.ListClusterPromotionTasks: the ClusterPromotionTasks cluster-wide from the cache, by name, one page. */
export function listClusterPromotionTasks(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function listClusterPromotionTasks(req: ListClusterPromotionTasksRequest): Promise<ListClusterPromotionTasksResponse> {
    const { tasks, nextPageToken, totalSize } = await taskOperations.list(deps, clusterTasks, req);
    return create(ListClusterPromotionTasksResponseSchema, { clusterPromotionTasks: tasks, nextPageToken, totalSize });
  };
}
