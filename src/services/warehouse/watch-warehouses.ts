import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { WatchWarehousesRequest, WatchWarehousesResponse } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";
import { WatchWarehousesResponseSchema } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";
import { WarehouseSchema } from "../../../gen/kargo/api/v1/warehouse_pb.js";
import { RESOURCES, serveWatch, toMessage, watchEventType } from "../../kube/index.js";
import { getCachedOrNotFound, requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";

/**
 * WarehouseService.WatchWarehouses: a project's Warehouses, or one by `name` (NOT_FOUND when it
 * does not exist at the start, as in Kargo), from the shared informer through the hub.
 */
export function watchWarehouses(deps: Pick<ServiceDeps, "caches" | "kube" | "hub">) {
  return async function* watchWarehouses(req: WatchWarehousesRequest, context: HandlerContext): AsyncGenerator<WatchWarehousesResponse> {
    const project = await requireProject(deps, req.project);
    const name = req.name.trim();
    if (name !== "" && req.resourceVersion === "") await getCachedOrNotFound(deps.caches.cache(RESOURCES.warehouses), project, name);
    const filter = name === "" ? undefined : (w: { metadata: { name?: string } }) => w.metadata.name === name;
    yield* serveWatch(deps.hub, { type: RESOURCES.warehouses, namespace: project, filter, resourceVersion: req.resourceVersion }, context, (e) =>
      create(WatchWarehousesResponseSchema, {
        type: watchEventType(e.type),
        warehouse: e.object && toMessage(WarehouseSchema, e.object),
        resourceVersion: e.resourceVersion,
      }),
    );
  };
}
