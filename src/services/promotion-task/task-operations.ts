import type { PromotionTaskSpec } from "../../../gen/kargo/api/v1/promotion_task_pb.js";
import { PromotionTaskSchema, type PromotionTask } from "../../../gen/kargo/api/v1/promotion_task_pb.js";
import type { RawFormat } from "../../../gen/kargo/api/v1/common_pb.js";
import { RESOURCES, toMessage, type KubeObject, type ResourceType } from "../../kube/index.js";
import { getCachedOrNotFound, listCached, pageOf, requireField, typedOrRaw, validateDnsSubdomain, type PagingRequest } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { promotionTaskSpecJson, promotionTaskSpecPatch } from "./promotion-task-spec-json.js";

type Deps = Pick<ServiceDeps, "caches" | "kube">;

/**
 * Where the tasks of one RPC live: PromotionTasks in a project (namespace = project, already
 * checked to exist), ClusterPromotionTasks cluster-wide (namespace undefined).
 */
export interface TaskScope {
  readonly type: ResourceType;
  readonly namespace: string | undefined;
}

/** PromotionTasks of `project`. */
export const projectTasks = (project: string): TaskScope => ({ type: RESOURCES.promotiontasks, namespace: project });
/** ClusterPromotionTasks. */
export const clusterTasks: TaskScope = { type: RESOURCES.clusterpromotiontasks, namespace: undefined };

const refOf = (scope: TaskScope, name: string) => ({ name, ...(scope.namespace !== undefined ? { namespace: scope.namespace } : {}) });
const toTask = (object: KubeObject): PromotionTask => toMessage(PromotionTaskSchema, object);

/**
 * The operations behind PromotionTaskService's ten RPCs, each RPC's handler a thin adapter of
 * its request: the two kinds differ only in scope (TaskScope), so they share one implementation
 * and cannot drift apart. Reads from the informer caches; writes are creates of built objects
 * and merge patches of the owned spec fields (metadata and unmodelled fields survive).
 */
export const taskOperations = {
  /** One page of the scope's tasks, by name. */
  async list(deps: Deps, scope: TaskScope, paging: PagingRequest) {
    const tasks = await listCached(deps.caches.cache(scope.type), scope.namespace);
    const { items, nextPageToken, totalSize } = pageOf(tasks, paging, { kind: scope.type.kind, namespace: scope.namespace ?? "" });
    return { tasks: items.map(toTask), nextPageToken, totalSize };
  },

  /** One task, typed or raw; NOT_FOUND naming it when missing. */
  async get<Field extends string>(deps: Deps, scope: TaskScope, name: string, format: RawFormat, field: Field) {
    const task = await getCachedOrNotFound(deps.caches.cache(scope.type), scope.namespace, requireField(name, "name"));
    return typedOrRaw(scope.type, task, format, PromotionTaskSchema, field);
  },

  /** Creates a task from a validated spec; ALREADY_EXISTS when the name is taken. */
  async create(deps: Deps, scope: TaskScope, name: string, spec: PromotionTaskSpec | undefined, signal: AbortSignal): Promise<PromotionTask> {
    const taskName = requireField(name, "name");
    validateDnsSubdomain(taskName, "name");
    const json = promotionTaskSpecJson(spec);
    return toTask(await deps.kube.create(scope.type, { metadata: refOf(scope, taskName), spec: json }, { signal }));
  },

  /** Replaces vars and steps with one merge patch; NOT_FOUND when missing, ABORTED when `resourceVersion` is stale. */
  async update(
    deps: Deps,
    scope: TaskScope,
    name: string,
    spec: PromotionTaskSpec | undefined,
    resourceVersion: string,
    signal: AbortSignal,
  ): Promise<PromotionTask> {
    const taskName = requireField(name, "name");
    const patch = promotionTaskSpecPatch(promotionTaskSpecJson(spec));
    return toTask(await deps.kube.mergePatch(scope.type, refOf(scope, taskName), patch, { signal, ...(resourceVersion !== "" ? { resourceVersion } : {}) }));
  },

  /** Deletes a task; NOT_FOUND from the DELETE itself. */
  async delete(deps: Deps, scope: TaskScope, name: string, signal: AbortSignal): Promise<void> {
    await deps.kube.delete(scope.type, refOf(scope, requireField(name, "name")), { signal });
  },
};
