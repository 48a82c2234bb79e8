import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import { DeleteConfigMapResponseSchema, type DeleteConfigMapRequest, type DeleteConfigMapResponse } from "../../../gen/kargo/api/v1/config_map_service_pb.js";
import { RESOURCES } from "../../kube/index.js";
import { requireField, resourceScope } from "../common/index.js";
import type { ConfigMapDeps } from "./config-map-deps.js";
import { configMapNotFound } from "./config-map-store.js";

/** ConfigMapService.DeleteConfigMap. NOT_FOUND naming it and its scope when missing. */
export function deleteConfigMap(deps: ConfigMapDeps) {
  return async function deleteConfigMap(request: DeleteConfigMapRequest, context: HandlerContext): Promise<DeleteConfigMapResponse> {
    const scope = await resourceScope(deps, request);
    const name = requireField(request.name, "name");
    await deps.kube.delete(RESOURCES.configmaps, { namespace: scope.namespace, name }, { signal: context.signal }).catch((error: unknown) => {
      if (error instanceof ConnectError && error.code === Code.NotFound) throw configMapNotFound(scope, name);
      throw error;
    });
    return create(DeleteConfigMapResponseSchema, {});
  };
}
