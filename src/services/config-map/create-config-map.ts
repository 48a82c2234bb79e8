import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import { ConfigMapSchema } from "../../../gen/kargo/api/v1/config_map_pb.js";
import { CreateConfigMapResponseSchema, type CreateConfigMapRequest, type CreateConfigMapResponse } from "../../../gen/kargo/api/v1/config_map_service_pb.js";
import { RESOURCES, toMessage } from "../../kube/index.js";
import { requireDataKeys, requireField, resourceScope, sharedResourceAnnotations, validateDnsSubdomain } from "../common/index.js";
import type { ConfigMapDeps } from "./config-map-deps.js";

/**
 * ConfigMapService.CreateConfigMap: a ConfigMap in the project, the shared-resources namespace or
 * (system_level) the system-resources namespace, with the description and `replicate-to: "*"`
 * annotations. INVALID_ARGUMENT when name is missing or not a DNS subdomain, data is empty or a key
 * is invalid (`data["<key>"]`); ALREADY_EXISTS when the name is taken.
 */
export function createConfigMap(deps: ConfigMapDeps) {
  return async function createConfigMap(request: CreateConfigMapRequest, context: HandlerContext): Promise<CreateConfigMapResponse> {
    const scope = await resourceScope(deps, request);
    const name = requireField(request.name, "name");
    validateDnsSubdomain(name, "name");
    if (Object.keys(request.data).length === 0) throw new ConnectError("data should not be empty", Code.InvalidArgument);
    requireDataKeys(Object.keys(request.data));
    const annotations = sharedResourceAnnotations(request.description, request.replicate);
    const created = await deps.kube.create(
      RESOURCES.configmaps,
      {
        metadata: { namespace: scope.namespace, name, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
        data: { ...request.data },
      },
      { signal: context.signal },
    );
    return create(CreateConfigMapResponseSchema, { configMap: toMessage(ConfigMapSchema, created) });
  };
}
