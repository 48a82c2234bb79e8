import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { ConfigMapSchema } from "../../../gen/kargo/api/v1/config_map_pb.js";
import { ListConfigMapsResponseSchema, type ListConfigMapsRequest, type ListConfigMapsResponse } from "../../../gen/kargo/api/v1/config_map_service_pb.js";
import { RESOURCES, toMessage } from "../../kube/index.js";
import { pageOf, resourceScope } from "../common/index.js";
import type { ConfigMapDeps } from "./config-map-deps.js";

/** ConfigMapService.ListConfigMaps: the ConfigMaps of a scope, sorted by name, paged. */
export function listConfigMaps(deps: ConfigMapDeps) {
  return async function listConfigMaps(request: ListConfigMapsRequest, context: HandlerContext): Promise<ListConfigMapsResponse> {
    const scope = await resourceScope(deps, request);
    const list = await deps.kube.list(RESOURCES.configmaps, { namespace: scope.namespace, signal: context.signal });
    const sorted = [...list.items].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
    const { items, nextPageToken, totalSize } = pageOf(sorted, request, { namespace: scope.namespace });
    return create(ListConfigMapsResponseSchema, { configMaps: items.map((c) => toMessage(ConfigMapSchema, c)), nextPageToken, totalSize });
  };
}
