import type { Command } from "../command.js";
import { UsageError } from "../cli-errors.js";

/** `kargo-api abort promotion NAME | verification STAGE`. */
export const abort: Command = {
  name: "abort",
  summary: "abort a running Promotion or a Stage's verification",
  usage: `kargo-api abort promotion NAME --project P     PromotionService.AbortPromotion
kargo-api abort verification STAGE --project P  StageService.AbortVerification`,
  async run(context, { positionals }) {
    const [what, name, ...extra] = positionals;
    if (!name || extra.length > 0) throw new UsageError("abort needs: promotion NAME | verification STAGE");
    const project = await context.project();
    const client = await context.client();
    if (what === "promotion" || what === "promotions") {
      await client.promotions.abortPromotion({ project, name });
      context.print(`promotion/${name} abort requested`);
    } else if (what === "verification") {
      await client.stages.abortVerification({ project, stage: name });
      context.print(`stage/${name} verification abort requested`);
    } else throw new UsageError(`abort promotion NAME | verification STAGE, not "${what}"`);
  },
};
