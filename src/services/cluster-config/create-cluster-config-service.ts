import { ClusterConfigService } from "../../../gen/kargo/api/v1/cluster_config_service_pb.js";
import { implement, type ServiceImplementation } from "../../server/service-implementation.js";
import type { ServiceDeps } from "../create-services.js";
import { deleteClusterConfig } from "./delete-cluster-config.js";
import { getClusterConfig } from "./get-cluster-config.js";
import { refreshClusterConfig } from "./refresh-cluster-config.js";
import { updateClusterConfig } from "./update-cluster-config.js";
import { watchClusterConfig } from "./watch-cluster-config.js";

/**
 * ClusterConfigService, every RPC, on the one ClusterConfig ("cluster"): reads from the informer
 * cache, writes as a create or merge patch of owned fields. Where it differs from Kargo:
 * docs/api-behaviour.md "ClusterConfigService".
 */
export function createClusterConfigService(deps: ServiceDeps): ServiceImplementation {
  return implement(ClusterConfigService, {
    getClusterConfig: getClusterConfig(deps),
    updateClusterConfig: updateClusterConfig(deps),
    deleteClusterConfig: deleteClusterConfig(deps),
    watchClusterConfig: watchClusterConfig(deps),
    refreshClusterConfig: refreshClusterConfig(deps),
  });
}
