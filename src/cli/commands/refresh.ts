import type { Command } from "../command.js";
import { UsageError } from "../cli-errors.js";

/** `kargo-api refresh warehouse|stage NAME`. */
export const refresh: Command = {
  name: "refresh",
  summary: "ask the controllers to reconcile a Warehouse (discover now) or a Stage",
  usage: `kargo-api refresh warehouse NAME --project P   WarehouseService.RefreshWarehouse
kargo-api refresh stage NAME --project P       StageService.RefreshStage`,
  async run(context, { positionals }) {
    const [what, name, ...extra] = positionals;
    if (!name || extra.length > 0) throw new UsageError("refresh needs: warehouse NAME | stage NAME");
    const project = await context.project();
    const client = await context.client();
    if (what === "warehouse" || what === "warehouses") await client.warehouses.refreshWarehouse({ project, name });
    else if (what === "stage" || what === "stages") await client.stages.refreshStage({ project, name });
    else throw new UsageError(`refresh warehouse NAME | stage NAME, not "${what}"`);
    context.print(`${what.replace(/s$/, "")}/${name} refresh requested`);
  },
};
