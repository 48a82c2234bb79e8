import type { Command } from "../command.js";
import { requireOption } from "../require-option.js";
import { UsageError } from "../cli-errors.js";

/** `kargo-api approve`: FreightService.ApproveFreight. */
export const approve: Command = {
  name: "approve",
  summary: "approve Freight for a Stage (make it available there without upstream verification)",
  usage: `kargo-api approve --project P (--freight NAME | --freight-alias ALIAS) --stage S

FreightService.ApproveFreight; needs get on the Freight, promote on the Stage and patch on
freights/status (the kargo-promoter role has them). A no-op when already approved.`,
  options: { stage: { type: "string" }, freight: { type: "string" }, "freight-alias": { type: "string" } },
  async run(context, { values }) {
    const project = await context.project();
    const stage = requireOption(values, "stage");
    const name = (values["freight"] as string | undefined) ?? "";
    const alias = (values["freight-alias"] as string | undefined) ?? "";
    if ((name === "") === (alias === "")) throw new UsageError("give exactly one of --freight NAME and --freight-alias ALIAS");
    const { freight } = await (await context.client()).freight.approveFreight({ project, name, alias, stage });
    context.print(`freight/${freight?.metadata?.name || name || alias} approved for stage ${stage}`);
  },
};
