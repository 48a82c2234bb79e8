import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { CreateClusterPromotionTaskRequest, CreateClusterPromotionTaskResponse } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import { CreateClusterPromotionTaskResponseSchema } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import type { ServiceDeps } from "../create-services.js";
import { clusterTasks, taskOperations } from "./task-operations.js";

/** PromotionTaskService.CreateClusterPromotionTask: validates the typed spec as admission does (promotionTaskSpecJson) and creates the ClusterPromotionTask; ALREADY_EXISTS when the name is taken. */
export function createClusterPromotionTask(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function createClusterPromotionTask(
    req: CreateClusterPromotionTaskRequest,
    context: HandlerContext,
  ): Promise<CreateClusterPromotionTaskResponse> {
    return create(CreateClusterPromotionTaskResponseSchema, {
      clusterPromotionTask: await taskOperations.create(deps, clusterTasks, req.name, req.spec, context.signal),
    });
  };
}
