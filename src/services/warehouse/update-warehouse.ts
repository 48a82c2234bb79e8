import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import type { UpdateWarehouseRequest, UpdateWarehouseResponse } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";
import { UpdateWarehouseResponseSchema } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";
import { WarehouseSchema } from "../../../gen/kargo/api/v1/warehouse_pb.js";
import { RESOURCES, toMessage, type KubeObject } from "../../kube/index.js";
import { getForWrite, requireField, requireMessage, requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { validateWarehouseSpec } from "./validate-warehouse-spec.js";
import { warehouseSpecPatch } from "./warehouse-spec-json.js";

const MODELLED_SUBSCRIPTION_KINDS = new Set(["git", "image", "chart"]);

/**
 * WarehouseService.UpdateWarehouse: replaces the spec fields WarehouseSpec models with one merge
 * patch (warehouseSpecPatch); metadata, status and unmodelled spec fields stay as stored.
 * NOT_FOUND when missing; FAILED_PRECONDITION when the stored Warehouse has a generic
 * subscription, which the replaced `subscriptions` list would silently drop; ABORTED when
 * `resource_version` is set and stale.
 */
export function updateWarehouse(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function updateWarehouse(req: UpdateWarehouseRequest, context: HandlerContext): Promise<UpdateWarehouseResponse> {
    const project = await requireProject(deps, req.project);
    const name = requireField(req.name, "name");
    const spec = requireMessage(req.spec, "spec");
    validateWarehouseSpec(spec);
    const stored = await getForWrite(deps, RESOURCES.warehouses, project, name, context.signal);
    const generic = genericSubscriptionKinds(stored);
    if (generic.length > 0) {
      throw new ConnectError(
        `warehouse "${name}" in project "${project}" has subscriptions this API does not model (${generic.join(", ")}); update it with ResourceService`,
        Code.FailedPrecondition,
      );
    }
    const updated = await deps.kube.mergePatch(RESOURCES.warehouses, { namespace: project, name }, warehouseSpecPatch(spec), {
      signal: context.signal,
      ...(req.resourceVersion !== "" ? { resourceVersion: req.resourceVersion } : {}),
    });
    return create(UpdateWarehouseResponseSchema, { warehouse: toMessage(WarehouseSchema, updated) });
  };
}

/** The keys of stored subscriptions other than git/image/chart (generic subscription kinds). */
function genericSubscriptionKinds(warehouse: KubeObject): string[] {
  const subscriptions = (warehouse["spec"] as { subscriptions?: unknown } | undefined)?.subscriptions;
  if (!Array.isArray(subscriptions)) return [];
  const kinds = subscriptions.flatMap((s) => (typeof s === "object" && s !== null ? Object.keys(s) : [])).filter((k) => !MODELLED_SUBSCRIPTION_KINDS.has(k));
  return [...new Set(kinds)];
}
