import { create } from "@bufbuild/protobuf";
import type { GetWarehouseRequest, GetWarehouseResponse } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";
import { GetWarehouseResponseSchema } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";
import { WarehouseSchema } from "../../../gen/kargo/api/v1/warehouse_pb.js";
import { RESOURCES } from "../../kube/index.js";
import { getCachedOrNotFound, requireField, requireProject, typedOrRaw } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";

/**
 * WarehouseService.GetWarehouse: one Warehouse from the cache, typed or raw. Generic
 * subscriptions read as empty RepoSubscriptions in the typed form; the raw form has them.
 */
export function getWarehouse(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function getWarehouse(req: GetWarehouseRequest): Promise<GetWarehouseResponse> {
    const project = await requireProject(deps, req.project);
    const name = requireField(req.name, "name");
    const warehouse = await getCachedOrNotFound(deps.caches.cache(RESOURCES.warehouses), project, name);
    return create(GetWarehouseResponseSchema, { result: typedOrRaw(RESOURCES.warehouses, warehouse, req.format, WarehouseSchema, "warehouse") });
  };
}
