import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { ConfigMapSchema } from "../../../gen/kargo/api/v1/config_map_pb.js";
import { GetConfigMapResponseSchema, type GetConfigMapRequest, type GetConfigMapResponse } from "../../../gen/kargo/api/v1/config_map_service_pb.js";
import { RESOURCES } from "../../kube/index.js";
import { requireField, resourceScope, typedOrRaw } from "../common/index.js";
import type { ConfigMapDeps } from "./config-map-deps.js";
import { getConfigMapObject } from "./config-map-store.js";

/** ConfigMapService.GetConfigMap: one ConfigMap, typed or raw. NOT_FOUND naming it and its scope. */
export function getConfigMap(deps: ConfigMapDeps) {
  return async function getConfigMap(request: GetConfigMapRequest, context: HandlerContext): Promise<GetConfigMapResponse> {
    const scope = await resourceScope(deps, request);
    const name = requireField(request.name, "name");
    const configMap = await getConfigMapObject(deps.kube, scope, name, context.signal);
    return create(GetConfigMapResponseSchema, { result: typedOrRaw(RESOURCES.configmaps, configMap, request.format, ConfigMapSchema, "configMap") });
  };
}
