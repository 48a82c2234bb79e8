import type { Command } from "../command.js";
import { UsageError } from "../cli-errors.js";

/** `kargo-api refresh warehouse|stage|promotion NAME`. */
export const refresh: Command = {
  name: "refresh",
  summary: "ask the controllers to reconcile a Warehouse (discover now), a Stage or a Promotion",
  usage: `kargo-api refresh warehouse NAME --project P   WarehouseService.RefreshWarehouse
kargo-api refresh stage NAME --project P       StageService.RefreshStage
kargo-api refresh promotion NAME --project P   PromotionService.RefreshPromotion`,
  async run(context, { positionals }) {
    const [what, name, ...extra] = positionals;
    if (!name || extra.length > 0) throw new UsageError("refresh needs: warehouse NAME | stage NAME | promotion NAME");
    const project = await context.project();
    const client = await context.client();
    if (what === "warehouse" || what === "warehouses") await client.warehouses.refreshWarehouse({ project, name });
    else if (what === "stage" || what === "stages") await client.stages.refreshStage({ project, name });
    else if (what === "promotion" || what === "promotions") await client.promotions.refreshPromotion({ project, name });
    else throw new UsageError(`refresh warehouse NAME | stage NAME | promotion NAME, not "${what}"`);
    context.print(`${what.replace(/s$/, "")}/${name} refresh requested`);
  },
};
