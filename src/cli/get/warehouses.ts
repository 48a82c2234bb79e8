import { WarehouseSchema, type Warehouse } from "../../../gen/kargo/api/v1/warehouse_pb.js";
import { watchResumable } from "../../client/watch-resumable.js";
import { messageJson } from "../format-messages.js";
import { formatAge } from "../format-age.js";
import { allPages } from "./all-pages.js";
import { conditionStatus } from "./condition-status.js";
import type { Item, ResourceKind } from "./resource-kind.js";
import { watchItems } from "./watch-items.js";

const toItem = (w: Warehouse): Item => ({
  row: [w.metadata?.name ?? "", conditionStatus(w.status?.conditions, "Ready"), w.spec?.freightCreationPolicy ?? "", formatAge(w.metadata?.creationTimestamp)],
  json: messageJson(WarehouseSchema, w),
});

/** `get warehouses`: WarehouseService.ListWarehouses / GetWarehouse / WatchWarehouses. */
export const warehouses: ResourceKind = {
  name: "warehouses",
  resource: "warehouses",
  aliases: ["warehouse", "wh"],
  project: "required",
  headers: ["NAME", "READY", "FREIGHT CREATION", "AGE"],
  delete: async (client, project, name) => {
    await client.warehouses.deleteWarehouse({ project, name });
  },
  list: async (client, project) =>
    (
      await allPages(async (pageToken) => {
        const r = await client.warehouses.listWarehouses({ project, pageToken });
        return { items: r.warehouses, nextPageToken: r.nextPageToken };
      })
    ).map(toItem),
  get: async (client, project, name) => toItem((await client.warehouses.getWarehouse({ project, name })).result.value as Warehouse),
  watch: (client, project, name, signal) =>
    watchItems(watchResumable(client.warehouses.watchWarehouses, { project, name }, { signal }), (r) => r.warehouse, toItem),
};
