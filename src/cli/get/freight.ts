import { Code, ConnectError } from "@connectrpc/connect";
import { FreightSchema, type Freight } from "../../../gen/kargo/api/v1/freight_pb.js";
import { watchResumable } from "../../client/watch-resumable.js";
import { messageJson } from "../format-messages.js";
import { formatAge } from "../format-age.js";
import type { Item, ResourceKind } from "./resource-kind.js";
import { watchItems } from "./watch-items.js";

const toItem = (f: Freight): Item => ({
  row: [f.metadata?.name ?? "", f.alias, f.origin ? `${f.origin.kind}/${f.origin.name}` : "", formatAge(f.metadata?.creationTimestamp)],
  json: messageJson(FreightSchema, f),
});

/**
 * `get freight`: FreightService.QueryFreight (one group, oldest first) / GetFreight (a name or an
 * alias) / WatchFreight.
 */
export const freight: ResourceKind = {
  name: "freight",
  resource: "freights",
  aliases: ["freights"],
  project: "required",
  headers: ["NAME", "ALIAS", "ORIGIN", "AGE"],
  delete: async (client, project, name) => {
    // A name, else an alias, as for get.
    try {
      await client.freight.deleteFreight({ project, name });
    } catch (e) {
      if (ConnectError.from(e).code !== Code.NotFound) throw e;
      try {
        await client.freight.deleteFreight({ project, alias: name });
      } catch {
        throw e;
      }
    }
  },
  list: async (client, project) => {
    const r = await client.freight.queryFreight({ project });
    return Object.values(r.groups).flatMap((g) => g.freight).map(toItem);
  },
  get: async (client, project, name) => {
    try {
      return toItem((await client.freight.getFreight({ project, name })).result.value as Freight);
    } catch (e) {
      // Not a name: try it as an alias (Kargo's CLI accepts either).
      try {
        return toItem((await client.freight.getFreight({ project, alias: name })).result.value as Freight);
      } catch {
        throw e;
      }
    }
  },
  watch: (client, project, _name, signal) => watchItems(watchResumable(client.freight.watchFreight, { project }, { signal }), (r) => r.freight, toItem),
};
