import { PromotionSchema } from "../../../gen/kargo/api/v1/promotion_pb.js";
import { UsageError } from "../cli-errors.js";
import type { Command } from "../command.js";
import { formatValue, messageJson } from "../format-messages.js";
import { FREIGHT_OPTIONS, freightSelector } from "../freight-selector.js";
import { requireOption } from "../require-option.js";

/** `kargo-api promote`: PromotionService.PromoteToStage (a Freight, or by --origin), or PromoteDownstream with --downstream. */
export const promote: Command = {
  name: "promote",
  summary: "promote Freight into a Stage (or every Stage downstream of it)",
  usage: `kargo-api promote --project P --stage S (--freight NAME | --freight-alias ALIAS | --origin WAREHOUSE) [--downstream]

Creates a Promotion of the Freight into the Stage (PromoteToStage) and prints its name; with
--origin, of the newest Freight from that Warehouse available to the Stage (what auto-promotion
would choose: for CI pipelines); with
--downstream, one into every Stage directly downstream of S (PromoteDownstream). Needs get and
promote on the Stage and create on promotions (--downstream: list on stages and promote on each
downstream Stage) — what the kargo-promoter role holds. Follow it with kargo-api watch promotions.`,
  options: { stage: { type: "string" }, downstream: { type: "boolean" }, origin: { type: "string" }, ...FREIGHT_OPTIONS },
  async run(context, { values }) {
    const project = await context.project();
    const stage = requireOption(values, "stage");
    const origin = (values["origin"] as string | undefined) ?? "";
    if (origin !== "" && (values["freight"] !== undefined || values["freight-alias"] !== undefined || values["downstream"])) {
      throw new UsageError("--origin takes the place of --freight and --freight-alias, and cannot go with --downstream");
    }
    const selector = origin === "" ? freightSelector(values) : undefined;
    const client = await context.client();
    const created = selector === undefined
      ? [(await client.promotions.promoteToStage({ project, stage, origin: { kind: "Warehouse", name: origin } })).promotion!]
      : values["downstream"]
        ? (await client.promotions.promoteDownstream({ project, stage, ...selector })).promotions
        : [(await client.promotions.promoteToStage({ project, stage, ...selector })).promotion!];
    if (context.output !== "table") {
      context.io.stdout.write(formatValue(created.map((p) => messageJson(PromotionSchema, p)), context.output));
      return;
    }
    for (const p of created) context.print(`promotion/${p.metadata?.name} created (stage ${p.spec?.stage}, freight ${p.spec?.freight})`);
  },
};
