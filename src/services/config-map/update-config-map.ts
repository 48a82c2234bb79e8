import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import { ConfigMapSchema } from "../../../gen/kargo/api/v1/config_map_pb.js";
import { UpdateConfigMapResponseSchema, type UpdateConfigMapRequest, type UpdateConfigMapResponse } from "../../../gen/kargo/api/v1/config_map_service_pb.js";
import { RESOURCES, toMessage } from "../../kube/index.js";
import { requireDataKeys, requireField, resourceScope, sharedResourceAnnotationsPatch } from "../common/index.js";
import type { ConfigMapDeps } from "./config-map-deps.js";
import { configMapNotFound, getConfigMapObject } from "./config-map-store.js";

/**
 * ConfigMapService.UpdateConfigMap: one JSON merge patch of what the request names — `data`
 * entries set or overwrite keys, `remove_keys` deletes keys, description ("" removes it) and
 * replicate replace their annotations when set; everything else is kept (Kargo replaced `data`
 * wholesale, so a client had to resend every key). The patch carries the resourceVersion read, so
 * a concurrent change is ABORTED rather than overwritten. INVALID_ARGUMENT when a key is invalid,
 * named both to set and to remove, or when the request changes nothing; NOT_FOUND when missing.
 */
export function updateConfigMap(deps: ConfigMapDeps) {
  return async function updateConfigMap(request: UpdateConfigMapRequest, context: HandlerContext): Promise<UpdateConfigMapResponse> {
    const scope = await resourceScope(deps, request);
    const name = requireField(request.name, "name");
    requireDataKeys(Object.keys(request.data));
    requireDataKeys(request.removeKeys, "remove_keys");
    const both = request.removeKeys.find((key) => Object.hasOwn(request.data, key));
    if (both !== undefined) throw new ConnectError(`key ${JSON.stringify(both)} is both in data and in remove_keys`, Code.InvalidArgument);
    const data: Record<string, string | null> = { ...request.data };
    for (const key of request.removeKeys) data[key] = null;
    const annotations = sharedResourceAnnotationsPatch(request.description, request.replicate);
    if (Object.keys(data).length === 0 && Object.keys(annotations).length === 0) {
      throw new ConnectError("nothing to update: set data, remove_keys, description or replicate", Code.InvalidArgument);
    }

    const current = await getConfigMapObject(deps.kube, scope, name, context.signal);
    const updated = await deps.kube
      .mergePatch(
        RESOURCES.configmaps,
        { namespace: scope.namespace, name },
        { ...(Object.keys(annotations).length > 0 ? { metadata: { annotations } } : {}), ...(Object.keys(data).length > 0 ? { data } : {}) },
        { signal: context.signal, resourceVersion: current.metadata.resourceVersion },
      )
      .catch((error: unknown) => {
        if (error instanceof ConnectError && error.code === Code.NotFound) throw configMapNotFound(scope, name);
        throw error;
      });
    return create(UpdateConfigMapResponseSchema, { configMap: toMessage(ConfigMapSchema, updated) });
  };
}
