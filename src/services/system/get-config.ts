import type { ServiceImpl } from "@connectrpc/connect";
import type { SystemService } from "../../../gen/kargo/api/v1/system_service_pb.js";
import type { Config } from "../../config/config.js";
import { formatDuration } from "../../config/parse-duration.js";

/**
 * SystemService.GetConfig: settings an authenticated client needs (Argo CD
 * shards, credentials namespaces, the watch heartbeat interval).
 */
export function getConfig(
  config: Pick<Config, "kargo" | "globalServiceAccountNamespaces" | "watchHeartbeatIntervalMs">,
): ServiceImpl<typeof SystemService>["getConfig"] {
  const { kargo } = config;
  const response = {
    argocdShards: Object.fromEntries(Object.entries(kargo.argocdUrls).map(([shard, url]) => [shard, { url, namespace: kargo.argocdNamespace }])),
    secretManagementEnabled: kargo.secretManagementEnabled,
    systemResourcesNamespace: kargo.systemResourcesNamespace,
    sharedResourcesNamespace: kargo.sharedResourcesNamespace,
    kargoNamespace: kargo.namespace,
    globalServiceAccountNamespaces: [...config.globalServiceAccountNamespaces],
    watchHeartbeatInterval: formatDuration(config.watchHeartbeatIntervalMs),
    hasAnalysisRunLogsUrlTemplate: kargo.analysisRunLogUrlTemplate !== "",
  };
  return () => response;
}
