import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { RefreshWarehouseRequest, RefreshWarehouseResponse } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";
import { RefreshWarehouseResponseSchema } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";
import { WarehouseSchema } from "../../../gen/kargo/api/v1/warehouse_pb.js";
import { RESOURCES, toMessage } from "../../kube/index.js";
import { refreshObject, requireField, requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";

/**
 * WarehouseService.RefreshWarehouse (docs/api-behaviour.md, WarehouseService): merge-patches `kargo.akuity.io/refresh` with a fresh
 * token so the controller runs discovery. Unlike Kargo, which refreshes with its own identity for
 * anyone authenticated, the caller needs `patch` on the Warehouse (authorization table); and the
 * token changes on every call (refreshToken), so no refresh is lost within one second.
 */
export function refreshWarehouse(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function refreshWarehouse(req: RefreshWarehouseRequest, context: HandlerContext): Promise<RefreshWarehouseResponse> {
    const project = await requireProject(deps, req.project);
    const name = requireField(req.name, "name");
    const { refreshed } = await refreshObject(deps, RESOURCES.warehouses, project, name, context.signal);
    return create(RefreshWarehouseResponseSchema, { warehouse: toMessage(WarehouseSchema, refreshed) });
  };
}
