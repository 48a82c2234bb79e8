import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { DeleteWarehouseRequest, DeleteWarehouseResponse } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";
import { DeleteWarehouseResponseSchema } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";
import { RESOURCES } from "../../kube/index.js";
import { requireField, requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";

/** WarehouseService.DeleteWarehouse: deletes the Warehouse (its Freight stays). NOT_FOUND from the DELETE itself. */
export function deleteWarehouse(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function deleteWarehouse(req: DeleteWarehouseRequest, context: HandlerContext): Promise<DeleteWarehouseResponse> {
    const project = await requireProject(deps, req.project);
    const name = requireField(req.name, "name");
    await deps.kube.delete(RESOURCES.warehouses, { namespace: project, name }, { signal: context.signal });
    return create(DeleteWarehouseResponseSchema, {});
  };
}
