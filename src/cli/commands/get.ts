import { UsageError } from "../cli-errors.js";
import { statePainter, type Paint } from "../colour.js";
import type { CliContext } from "../cli-context.js";
import type { Command } from "../command.js";
import { formatValue } from "../format-messages.js";
import { KINDS, kindNamed } from "../get/kinds.js";
import type { Item } from "../get/resource-kind.js";
import { formatTable } from "../print-table.js";
import { StreamingTable } from "../streaming-table.js";

/** `kargo-api get <kind> [name]`: tables, -o json|yaml, --watch. */
export const get: Command = {
  name: "get",
  summary: "list or show projects, warehouses, stages, freight, promotions, roles, credentials, tokens, images, links",
  usage: `kargo-api get <kind> [name] [--project NAME] [-o table|json|yaml] [--watch] [--stage S[,S…]]

Kinds: ${KINDS.map((k) => k.name).join(", ")}.
  -w, --watch   after the current state, print each change as it happens (warehouses, stages,
                freight, promotions); ends on Ctrl-C
  --stage S     freight: the Freight available to each Stage named (repeat it or separate names
                with commas), one QueryFreight for all, a STAGE column first
Links: get links stage/NAME | freight/NAME (the deep links evaluated for that Stage or Freight).`,
  options: { watch: { type: "boolean", short: "w" }, stage: { type: "string", multiple: true } },
  async run(context, { values, positionals }) {
    const [kindName, name, ...extra] = positionals;
    if (kindName === undefined) throw new UsageError(`get needs a kind: ${KINDS.map((k) => k.name).join(", ")}`);
    if (extra.length > 0) throw new UsageError(`get takes one name, got "${extra.join(" ")}" too`);
    const kind = kindNamed(kindName);
    if (!kind) throw new UsageError(`unknown kind "${kindName}"; one of ${KINDS.map((k) => k.name).join(", ")}`);
    const project = kind.project === "required" ? await context.project() : kind.project === "optional" ? ((await context.optionalProject()) ?? "") : "";
    const client = await context.client();
    const paint = statePainter(context.io);

    const stages = ((values["stage"] as string[] | undefined) ?? [])
      .flatMap((s) => s.split(","))
      .map((s) => s.trim())
      .filter((s) => s !== "");
    if (stages.length > 0) {
      if (!kind.listForStages) throw new UsageError(`get ${kind.name} does not take --stage (only freight does)`);
      if (name !== undefined || values["watch"]) throw new UsageError("get freight --stage takes neither a name nor --watch");
      const items = await kind.listForStages(client, project, stages);
      printItems(context, ["STAGE", ...kind.headers], items, paint, `no ${kind.name} available to ${stages.join(", ")} in project "${project}"`);
      return;
    }

    if (values["watch"]) {
      if (!kind.watch) throw new UsageError(`get ${kind.name} cannot --watch (the API has no watch of ${kind.name})`);
      const table = new StreamingTable(["EVENT", ...kind.headers], (line) => context.print(line), ["MODIFIED".length], paint);
      for await (const event of kind.watch(client, project, name, context.io.signal)) {
        if (event.type === "BOOKMARK") {
          // The first BOOKMARK ends the snapshot: print it as one aligned table.
          if (context.output === "table") table.flush();
          continue;
        }
        if (event.type === "RESYNC") {
          context.io.stderr.write("watch: resynchronised (fresh snapshot follows)\n");
          continue;
        }
        if (context.output === "table") table.add([event.type, ...event.item!.row]);
        else if (context.output === "json") context.print(JSON.stringify({ type: event.type, object: event.item?.json }));
        else context.io.stdout.write(`---\n${formatValue({ type: event.type, object: event.item?.json }, "yaml")}`);
      }
      return;
    }

    if (name !== undefined) {
      if (!kind.get) throw new UsageError(`get ${kind.name} does not take a name`);
      const got = await kind.get(client, project, name);
      if (!Array.isArray(got)) {
        const item = got as Item;
        if (context.output === "table") formatTable(kind.headers, [item.row], paint).forEach((l) => context.print(l));
        else context.io.stdout.write(formatValue(item.json, context.output));
        return;
      }
      printItems(context, kind.headers, got as readonly Item[], paint, `no ${kind.name} for ${name}`);
      return;
    }
    printItems(context, kind.headers, await kind.list(client, project), paint, `no ${kind.name} found${project ? ` in project "${project}"` : ""}`);
  },
};

/** Items as a table (`empty` on stderr when there are none), or as one JSON/YAML list. */
function printItems(context: CliContext, headers: readonly string[], items: readonly Item[], paint: Paint, empty: string): void {
  if (context.output !== "table") {
    context.io.stdout.write(
      formatValue(
        items.map((i) => i.json),
        context.output,
      ),
    );
  } else if (items.length === 0) context.io.stderr.write(`${empty}\n`);
  else
    formatTable(
      headers,
      items.map((i) => i.row),
      paint,
    ).forEach((l) => context.print(l));
}
