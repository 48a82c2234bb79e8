import { create, toJson, type JsonObject } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { UpdateClusterConfigRequest, UpdateClusterConfigResponse } from "../../../gen/kargo/api/v1/cluster_config_service_pb.js";
import { UpdateClusterConfigResponseSchema } from "../../../gen/kargo/api/v1/cluster_config_service_pb.js";
import { ClusterConfigSchema, ClusterConfigSpecSchema } from "../../../gen/kargo/api/v1/cluster_config_pb.js";
import { CLUSTER_CONFIG_NAME } from "../../domain/index.js";
import { RESOURCES, toMessage } from "../../kube/index.js";
import { requireMessage, upsertConfigSpec } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";

/** The spec fields ClusterConfigSpec models: the ones this RPC owns and replaces. */
const OWNED_SPEC_FIELDS = ["webhookReceivers", "gitClient", "freightLinks", "stageLinks", "promotionWindows"] as const;

/**
 * ClusterConfigService.UpdateClusterConfig: as UpdateProjectConfig, for the ClusterConfig
 * "cluster" — created when missing, else one merge patch of the modelled spec fields
 * (upsertConfigSpec). INVALID_ARGUMENT without a spec, or when the Kubernetes API refuses it
 * (the CRD's checks: a link needs a title and a URL, a receiver a name and one provider …);
 * ABORTED when `resource_version` is set and stale.
 */
export function updateClusterConfig(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function updateClusterConfig(req: UpdateClusterConfigRequest, context: HandlerContext): Promise<UpdateClusterConfigResponse> {
    const spec = toJson(ClusterConfigSpecSchema, requireMessage(req.spec, "spec")) as JsonObject;
    const written = await upsertConfigSpec(
      deps,
      {
        type: RESOURCES.clusterconfigs,
        namespace: undefined,
        name: CLUSTER_CONFIG_NAME,
        spec,
        ownedFields: OWNED_SPEC_FIELDS,
        resourceVersion: req.resourceVersion,
      },
      context.signal,
    );
    return create(UpdateClusterConfigResponseSchema, { clusterConfig: toMessage(ClusterConfigSchema, written) });
  };
}
