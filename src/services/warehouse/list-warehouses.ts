import { create } from "@bufbuild/protobuf";
import type { ListWarehousesRequest, ListWarehousesResponse } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";
import { ListWarehousesResponseSchema } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";
import { WarehouseSchema } from "../../../gen/kargo/api/v1/warehouse_pb.js";
import { RESOURCES, toMessage } from "../../kube/index.js";
import { listCached, pageOf, requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";

/** WarehouseService.ListWarehouses: the project's Warehouses from the cache, by name, one page. */
export function listWarehouses(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function listWarehouses(req: ListWarehousesRequest): Promise<ListWarehousesResponse> {
    const project = await requireProject(deps, req.project);
    const warehouses = await listCached(deps.caches.cache(RESOURCES.warehouses), project);
    const { items, nextPageToken, totalSize } = pageOf(warehouses, req, { project });
    return create(ListWarehousesResponseSchema, { warehouses: items.map((w) => toMessage(WarehouseSchema, w)), nextPageToken, totalSize });
  };
}
