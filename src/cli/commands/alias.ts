import type { Command } from "../command.js";
import { UsageError } from "../cli-errors.js";

/** `kargo-api alias`: FreightService.UpdateFreightAlias. */
export const alias: Command = {
  name: "alias",
  summary: "give Freight a new alias",
  usage: `kargo-api alias --project P (--freight NAME | --freight-alias OLD) NEW_ALIAS

FreightService.UpdateFreightAlias. ALREADY_EXISTS when another Freight has the alias.`,
  options: { freight: { type: "string" }, "freight-alias": { type: "string" } },
  async run(context, { values, positionals }) {
    const project = await context.project();
    const [newAlias, ...extra] = positionals;
    if (!newAlias || extra.length > 0) throw new UsageError("alias needs exactly one NEW_ALIAS");
    const name = (values["freight"] as string | undefined) ?? "";
    const oldAlias = (values["freight-alias"] as string | undefined) ?? "";
    if ((name === "") === (oldAlias === "")) throw new UsageError("give exactly one of --freight NAME and --freight-alias OLD");
    const { freight } = await (await context.client()).freight.updateFreightAlias({ project, name, oldAlias, newAlias });
    context.print(`freight/${freight?.metadata?.name ?? (name || oldAlias)} aliased ${newAlias}`);
  },
};
