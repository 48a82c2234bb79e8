import { PromotionSchema } from "../../../gen/kargo/api/v1/promotion_pb.js";
import { WatchEventType } from "../../../gen/kargo/api/v1/watch_pb.js";
import { watchResumable } from "../../client/watch-resumable.js";
import { UsageError } from "../cli-errors.js";
import type { Command } from "../command.js";
import { formatValue, messageJson } from "../format-messages.js";
import { paintState } from "../colour.js";
import { promotionProgress } from "../promotion-progress.js";

/** `kargo-api watch promotions`: live phase changes and step progress of a project's Promotions. */
export const watch: Command = {
  name: "watch",
  summary: "follow Promotions live: phase changes and step progress",
  usage: `kargo-api watch promotions --project P [--stage S]

Prints one line per Promotion now, then a line whenever one's phase, current step or step status
changes (a timestamp, the event and promotionProgress: name, stage, phase, step i/n (alias: status),
message). Resumes after disconnects without a gap (watchResumable). -o json prints each event as one
JSON line. Runs until Ctrl-C.`,
  options: { stage: { type: "string" } },
  async run(context, { values, positionals }) {
    const [what, ...extra] = positionals;
    if (what !== "promotions" && what !== "promotion") throw new UsageError(`watch promotions is the one watch command, not "${positionals.join(" ")}"`);
    if (extra.length > 0) throw new UsageError(`watch promotions takes no names (use get promotions NAME --watch)`);
    const project = await context.project();
    const stage = (values["stage"] as string | undefined) ?? "";
    const client = await context.client();
    const last = new Map<string, string>();
    for await (const event of watchResumable(client.promotions.watchPromotions, { project, stage }, { signal: context.io.signal })) {
      if (event.type === "RESYNC") {
        last.clear();
        context.io.stderr.write("watch: resynchronised (fresh snapshot follows)\n");
        continue;
      }
      if (event.type === WatchEventType.BOOKMARK || !event.promotion) continue;
      const name = event.promotion.metadata?.name ?? "";
      const type = WatchEventType[event.type];
      if (context.output !== "table") {
        const value = { type, object: messageJson(PromotionSchema, event.promotion) };
        context.io.stdout.write(context.output === "json" ? `${JSON.stringify(value)}\n` : `---\n${formatValue(value, "yaml")}`);
        continue;
      }
      const line = promotionProgress(event.promotion);
      if (event.type === WatchEventType.DELETED) last.delete(name);
      else if (last.get(name) === line) continue;
      else last.set(name, line);
      context.print(`${new Date().toISOString()}  ${type.padEnd(8)}  ${promotionProgress(event.promotion, (state) => paintState(context.io, state))}`);
    }
  },
};
