import { FreightSchema, type Freight } from "../../../gen/kargo/api/v1/freight_pb.js";
import { watchResumable } from "../../client/watch-resumable.js";
import { messageJson } from "../format-messages.js";
import { formatAge } from "../format-age.js";
import { orElseWhenMissing } from "./or-else-when-missing.js";
import type { Item, ResourceKind } from "./resource-kind.js";
import { watchItems } from "./watch-items.js";

const toItem = (f: Freight): Item => ({
  row: [f.metadata?.name ?? "", f.alias, f.origin ? `${f.origin.kind}/${f.origin.name}` : "", formatAge(f.metadata?.creationTimestamp)],
  json: messageJson(FreightSchema, f),
});

/**
 * `get freight`: FreightService.QueryFreight (one group, oldest first; with --stage, per Stage) /
 * GetFreight (a name or an alias) / WatchFreight.
 */
export const freight: ResourceKind = {
  name: "freight",
  resource: "freights",
  aliases: ["freights"],
  project: "required",
  headers: ["NAME", "ALIAS", "ORIGIN", "AGE"],
  // A name, else an alias, as for get.
  delete: async (client, project, name) => {
    await orElseWhenMissing(
      () => client.freight.deleteFreight({ project, name }),
      () => client.freight.deleteFreight({ project, alias: name }),
    );
  },
  list: async (client, project) => {
    const r = await client.freight.queryFreight({ project });
    return Object.values(r.groups)
      .flatMap((g) => g.freight)
      .map(toItem);
  },
  listForStages: async (client, project, stages) => {
    const r = await client.freight.queryFreight({ project, stages: [...stages] });
    return [...new Set(stages)].flatMap((stage) =>
      Object.values(r.stages[stage]?.groups ?? {})
        .flatMap((g) => g.freight)
        .map(toItem)
        .map((item) => ({ row: [stage, ...item.row], json: { stage, freight: item.json } })),
    );
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
