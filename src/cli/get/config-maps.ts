import { ConfigMapSchema, type ConfigMap } from "../../../gen/kargo/api/v1/config_map_pb.js";
import { messageJson } from "../format-messages.js";
import { formatAge } from "../format-age.js";
import { allPages } from "./all-pages.js";
import type { Item, ResourceKind } from "./resource-kind.js";

const toItem = (c: ConfigMap): Item => ({
  row: [c.metadata?.name ?? "", Object.keys(c.data).sort().join(","), formatAge(c.metadata?.creationTimestamp)],
  json: messageJson(ConfigMapSchema, c),
});

/** `get configmaps`: ConfigMapService.ListConfigMaps / GetConfigMap; without --project, the shared ones. */
export const configMaps: ResourceKind = {
  name: "configmaps",
  resource: "configmaps",
  aliases: ["configmap", "cm"],
  project: "optional",
  headers: ["NAME", "KEYS", "AGE"],
  delete: async (client, project, name) => {
    await client.configMaps.deleteConfigMap({ project, name });
  },
  list: async (client, project) =>
    (
      await allPages(async (pageToken) => {
        const r = await client.configMaps.listConfigMaps({ project, pageToken });
        return { items: r.configMaps, nextPageToken: r.nextPageToken };
      })
    ).map(toItem),
  get: async (client, project, name) => toItem((await client.configMaps.getConfigMap({ project, name })).result.value as ConfigMap),
};
