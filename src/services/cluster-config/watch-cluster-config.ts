import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { WatchClusterConfigRequest, WatchClusterConfigResponse } from "../../../gen/kargo/api/v1/cluster_config_service_pb.js";
import { WatchClusterConfigResponseSchema } from "../../../gen/kargo/api/v1/cluster_config_service_pb.js";
import { ClusterConfigSchema } from "../../../gen/kargo/api/v1/cluster_config_pb.js";
import { CLUSTER_CONFIG_NAME } from "../../domain/index.js";
import { RESOURCES, serveWatch, toMessage, watchEventType, type KubeObject } from "../../kube/index.js";
import { getCachedOrNotFound } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";

/**
 * ClusterConfigService.WatchClusterConfig: the ClusterConfig "cluster" from the shared informer
 * through the hub. A fresh watch is NOT_FOUND when it does not exist, as in Kargo; a resumed one
 * is not (the client is owed the DELETED of a config deleted after its version).
 */
export function watchClusterConfig(deps: Pick<ServiceDeps, "caches" | "hub">) {
  return async function* watchClusterConfig(req: WatchClusterConfigRequest, context: HandlerContext): AsyncGenerator<WatchClusterConfigResponse> {
    if (req.resourceVersion === "") await getCachedOrNotFound(deps.caches.cache(RESOURCES.clusterconfigs), undefined, CLUSTER_CONFIG_NAME);
    const filter = (config: KubeObject) => config.metadata.name === CLUSTER_CONFIG_NAME;
    yield* serveWatch(deps.hub, { type: RESOURCES.clusterconfigs, filter, resourceVersion: req.resourceVersion }, context, (e) =>
      create(WatchClusterConfigResponseSchema, {
        type: watchEventType(e.type),
        clusterConfig: e.object && toMessage(ClusterConfigSchema, e.object),
        resourceVersion: e.resourceVersion,
      }),
    );
  };
}
