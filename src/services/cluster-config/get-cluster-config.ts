import { create } from "@bufbuild/protobuf";
import type { GetClusterConfigRequest, GetClusterConfigResponse } from "../../../gen/kargo/api/v1/cluster_config_service_pb.js";
import { GetClusterConfigResponseSchema } from "../../../gen/kargo/api/v1/cluster_config_service_pb.js";
import { ClusterConfigSchema } from "../../../gen/kargo/api/v1/cluster_config_pb.js";
import { CLUSTER_CONFIG_NAME } from "../../domain/index.js";
import { RESOURCES } from "../../kube/index.js";
import { getCachedOrNotFound, typedOrRaw } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";

/** ClusterConfigService.GetClusterConfig: the ClusterConfig "cluster" from the cache, typed or raw. NOT_FOUND when missing. */
export function getClusterConfig(deps: Pick<ServiceDeps, "caches">) {
  return async function getClusterConfig(req: GetClusterConfigRequest): Promise<GetClusterConfigResponse> {
    const config = await getCachedOrNotFound(deps.caches.cache(RESOURCES.clusterconfigs), undefined, CLUSTER_CONFIG_NAME);
    return create(GetClusterConfigResponseSchema, { result: typedOrRaw(RESOURCES.clusterconfigs, config, req.format, ClusterConfigSchema, "clusterConfig") });
  };
}
