import { UsageError } from "../cli-errors.js";
import { statePainter } from "../colour.js";
import type { Command } from "../command.js";
import { formatValue } from "../format-messages.js";
import { KINDS, kindNamed } from "../get/kinds.js";
import { formatTable } from "../print-table.js";
import { StreamingTable } from "../streaming-table.js";

/** `kargo-api get <kind> [name]`: tables, -o json|yaml, --watch. */
export const get: Command = {
  name: "get",
  summary: "list or show projects, warehouses, stages, freight, promotions, roles, credentials, tokens",
  usage: `kargo-api get <kind> [name] [--project NAME] [-o table|json|yaml] [--watch]

Kinds: ${KINDS.map((k) => k.name).join(", ")}.
  -w, --watch   after the current state, print each change as it happens (warehouses, stages,
                freight, promotions); ends on Ctrl-C`,
  options: { watch: { type: "boolean", short: "w" } },
  async run(context, { values, positionals }) {
    const [kindName, name, ...extra] = positionals;
    if (kindName === undefined) throw new UsageError(`get needs a kind: ${KINDS.map((k) => k.name).join(", ")}`);
    if (extra.length > 0) throw new UsageError(`get takes one name, got "${extra.join(" ")}" too`);
    const kind = kindNamed(kindName);
    if (!kind) throw new UsageError(`unknown kind "${kindName}"; one of ${KINDS.map((k) => k.name).join(", ")}`);
    const project = kind.project === "required" ? await context.project() : kind.project === "optional" ? ((await context.optionalProject()) ?? "") : "";
    const client = await context.client();
    const paint = statePainter(context.io);

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
      const item = await kind.get(client, project, name);
      if (context.output === "table") formatTable(kind.headers, [item.row], paint).forEach((l) => context.print(l));
      else context.io.stdout.write(formatValue(item.json, context.output));
      return;
    }
    const items = await kind.list(client, project);
    if (context.output === "table") {
      if (items.length === 0) context.io.stderr.write(`no ${kind.name} found${project ? ` in project "${project}"` : ""}\n`);
      else formatTable(kind.headers, items.map((i) => i.row), paint).forEach((l) => context.print(l));
    } else context.io.stdout.write(formatValue(items.map((i) => i.json), context.output));
  },
};
