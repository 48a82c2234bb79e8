import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { DeleteClusterConfigRequest, DeleteClusterConfigResponse } from "../../../gen/kargo/api/v1/cluster_config_service_pb.js";
import { DeleteClusterConfigResponseSchema } from "../../../gen/kargo/api/v1/cluster_config_service_pb.js";
import { CLUSTER_CONFIG_NAME } from "../../domain/index.js";
import { RESOURCES } from "../../kube/index.js";
import type { ServiceDeps } from "../create-services.js";

/** ClusterConfigService.DeleteClusterConfig: deletes the ClusterConfig "cluster". NOT_FOUND from the DELETE itself. */
export function deleteClusterConfig(deps: Pick<ServiceDeps, "kube">) {
  return async function deleteClusterConfig(_req: DeleteClusterConfigRequest, context: HandlerContext): Promise<DeleteClusterConfigResponse> {
    await deps.kube.delete(RESOURCES.clusterconfigs, { name: CLUSTER_CONFIG_NAME }, { signal: context.signal });
    return create(DeleteClusterConfigResponseSchema, {});
  };
}
