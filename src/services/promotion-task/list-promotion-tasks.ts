import { create } from "@bufbuild/protobuf";
import type { ListPromotionTasksRequest, ListPromotionTasksResponse } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import { ListPromotionTasksResponseSchema } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import { requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { projectTasks, taskOperations } from "./task-operations.js";

/** PromotionTaskService.ListPromotionTasks: the PromotionTasks of the project from the cache, by name, one page. */
export function listPromotionTasks(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function listPromotionTasks(req: ListPromotionTasksRequest): Promise<ListPromotionTasksResponse> {
    const project = await requireProject(deps, req.project);
    const { tasks, nextPageToken, totalSize } = await taskOperations.list(deps, projectTasks(project), req);
    return create(ListPromotionTasksResponseSchema, { promotionTasks: tasks, nextPageToken, totalSize });
  };
}
