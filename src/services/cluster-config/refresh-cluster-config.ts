import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { RefreshClusterConfigRequest, RefreshClusterConfigResponse } from "../../../gen/kargo/api/v1/cluster_config_service_pb.js";
import { RefreshClusterConfigResponseSchema } from "../../../gen/kargo/api/v1/cluster_config_service_pb.js";
import { ClusterConfigSchema } from "../../../gen/kargo/api/v1/cluster_config_pb.js";
import { CLUSTER_CONFIG_NAME } from "../../domain/index.js";
import { RESOURCES, toMessage } from "../../kube/index.js";
import { refreshObject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";

/**
 * ClusterConfigService.RefreshClusterConfig (docs/api-behaviour.md, ClusterConfigService): merge-patches `kargo.akuity.io/refresh` on
 * the ClusterConfig with a fresh token. Kargo does this through RefreshResource with its own
 * identity for anyone authenticated; here the caller needs `patch` on clusterconfigs.
 * NOT_FOUND when it does not exist.
 */
export function refreshClusterConfig(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function refreshClusterConfig(_req: RefreshClusterConfigRequest, context: HandlerContext): Promise<RefreshClusterConfigResponse> {
    const { refreshed } = await refreshObject(deps, RESOURCES.clusterconfigs, undefined, CLUSTER_CONFIG_NAME, context.signal);
    return create(RefreshClusterConfigResponseSchema, { clusterConfig: toMessage(ClusterConfigSchema, refreshed) });
  };
}
