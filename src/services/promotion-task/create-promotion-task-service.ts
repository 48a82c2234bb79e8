import { PromotionTaskService } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import { implement, type ServiceImplementation } from "../../server/service-implementation.js";
import type { ServiceDeps } from "../create-services.js";
import { createClusterPromotionTask } from "./create-cluster-promotion-task.js";
import { createPromotionTask } from "./create-promotion-task.js";
import { deleteClusterPromotionTask } from "./delete-cluster-promotion-task.js";
import { deletePromotionTask } from "./delete-promotion-task.js";
import { getClusterPromotionTask } from "./get-cluster-promotion-task.js";
import { getPromotionTask } from "./get-promotion-task.js";
import { listClusterPromotionTasks } from "./list-cluster-promotion-tasks.js";
import { listPromotionTasks } from "./list-promotion-tasks.js";
import { updateClusterPromotionTask } from "./update-cluster-promotion-task.js";
import { updatePromotionTask } from "./update-promotion-task.js";

/**
 * PromotionTaskService, every RPC: PromotionTasks of a project and ClusterPromotionTasks, through
 * one set of operations (task-operations.ts). Where it differs from Kargo: docs/api-behaviour.md
 * "PromotionTaskService".
 */
export function createPromotionTaskService(deps: ServiceDeps): ServiceImplementation {
  return implement(PromotionTaskService, {
    listPromotionTasks: listPromotionTasks(deps),
    getPromotionTask: getPromotionTask(deps),
    createPromotionTask: createPromotionTask(deps),
    updatePromotionTask: updatePromotionTask(deps),
    deletePromotionTask: deletePromotionTask(deps),
    listClusterPromotionTasks: listClusterPromotionTasks(deps),
    getClusterPromotionTask: getClusterPromotionTask(deps),
    createClusterPromotionTask: createClusterPromotionTask(deps),
    updateClusterPromotionTask: updateClusterPromotionTask(deps),
    deleteClusterPromotionTask: deleteClusterPromotionTask(deps),
  });
}
