import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { CreateWarehouseRequest, CreateWarehouseResponse } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";
import { CreateWarehouseResponseSchema } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";
import { WarehouseSchema } from "../../../gen/kargo/api/v1/warehouse_pb.js";
import { RESOURCES, toMessage } from "../../kube/index.js";
import { requireField, requireMessage, requireProject, validateDnsSubdomain } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { validateWarehouseSpec } from "./validate-warehouse-spec.js";
import { warehouseSpecJson } from "./warehouse-spec-json.js";

/**
 * WarehouseService.CreateWarehouse: validates the typed spec (validateWarehouseSpec), builds the
 * Warehouse and creates it. INVALID_ARGUMENT for a bad name or spec (the API's own validation
 * answers the same way); ALREADY_EXISTS when the name is taken.
 */
export function createWarehouse(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function createWarehouse(req: CreateWarehouseRequest, context: HandlerContext): Promise<CreateWarehouseResponse> {
    const project = await requireProject(deps, req.project);
    const name = requireField(req.name, "name");
    validateDnsSubdomain(name, "name");
    const spec = requireMessage(req.spec, "spec");
    validateWarehouseSpec(spec);
    const created = await deps.kube.create(
      RESOURCES.warehouses,
      { metadata: { name, namespace: project }, spec: warehouseSpecJson(spec) },
      { signal: context.signal },
    );
    return create(CreateWarehouseResponseSchema, { warehouse: toMessage(WarehouseSchema, created) });
  };
}
