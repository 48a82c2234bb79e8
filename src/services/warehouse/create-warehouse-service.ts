import { WarehouseService } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";
import { implement, type ServiceImplementation } from "../../server/service-implementation.js";
import type { ServiceDeps } from "../create-services.js";
import { createWarehouse } from "./create-warehouse.js";
import { deleteWarehouse } from "./delete-warehouse.js";
import { getWarehouse } from "./get-warehouse.js";
import { listWarehouses } from "./list-warehouses.js";
import { refreshWarehouse } from "./refresh-warehouse.js";
import { updateWarehouse } from "./update-warehouse.js";
import { watchWarehouses } from "./watch-warehouses.js";

/**
 * WarehouseService, every RPC: reads from the informer caches, writes as creates of built objects
 * or merge patches of owned fields. Where it differs from Kargo: docs/api-behaviour.md "WarehouseService".
 */
export function createWarehouseService(deps: ServiceDeps): ServiceImplementation {
  return implement(WarehouseService, {
    listWarehouses: listWarehouses(deps),
    getWarehouse: getWarehouse(deps),
    createWarehouse: createWarehouse(deps),
    updateWarehouse: updateWarehouse(deps),
    deleteWarehouse: deleteWarehouse(deps),
    refreshWarehouse: refreshWarehouse(deps),
    watchWarehouses: watchWarehouses(deps),
  });
}
