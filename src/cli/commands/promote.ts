import { Code, ConnectError } from "@connectrpc/connect";
import { PromotionSchema } from "../../../gen/kargo/api/v1/promotion_pb.js";
import { PreviewPromotionResponseSchema, type PreviewPromotionResponse } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import type { CliContext } from "../cli-context.js";
import { UsageError } from "../cli-errors.js";
import type { Command } from "../command.js";
import { formatValue, messageJson } from "../format-messages.js";
import { FREIGHT_OPTIONS, freightSelector } from "../freight-selector.js";
import { requireOption } from "../require-option.js";

/** `kargo-api promote`: PromotionService.PromoteToStage (a Freight, or by --origin), or PromoteDownstream with --downstream. */
export const promote: Command = {
  name: "promote",
  summary: "promote Freight into a Stage (or every Stage downstream of it)",
  usage: `kargo-api promote --project P --stage S (--freight NAME | --freight-alias ALIAS | --origin WAREHOUSE) [--downstream | --dry-run]

Creates a Promotion of the Freight into the Stage (PromoteToStage) and prints its name; with
--origin, of the newest Freight from that Warehouse available to the Stage (what auto-promotion
would choose: for CI pipelines); with
--downstream, one into every Stage directly downstream of S (PromoteDownstream). Needs get and
promote on the Stage and create on promotions (--downstream: list on stages and promote on each
downstream Stage) — what the kargo-promoter role holds. Follow it with kargo-api watch promotions.

With --dry-run nothing is promoted (PreviewPromotion, embedded mode): the steps run in a scratch
tree on the server and the unified diff the promotion would commit is printed, one repository
after another; steps with external effects (git-push …) are not run and are listed on stderr.
Exits 1 when a step fails. Needs get and promote on the Stage.`,
  options: { stage: { type: "string" }, downstream: { type: "boolean" }, origin: { type: "string" }, "dry-run": { type: "boolean" }, ...FREIGHT_OPTIONS },
  async run(context, { values }) {
    const project = await context.project();
    const stage = requireOption(values, "stage");
    const origin = (values["origin"] as string | undefined) ?? "";
    if (origin !== "" && (values["freight"] !== undefined || values["freight-alias"] !== undefined || values["downstream"])) {
      throw new UsageError("--origin takes the place of --freight and --freight-alias, and cannot go with --downstream");
    }
    const selector = origin === "" ? freightSelector(values) : undefined;
    const client = await context.client();
    if (values["dry-run"]) {
      if (values["downstream"]) throw new UsageError("--dry-run previews one Stage: it cannot be combined with --downstream");
      if (selector === undefined) throw new UsageError("--dry-run previews a named Freight: use --freight or --freight-alias");
      printPreview(context, await client.promotions.previewPromotion({ project, stage, ...selector }), stage);
      return;
    }
    const created =
      selector === undefined
        ? [(await client.promotions.promoteToStage({ project, stage, origin: { kind: "Warehouse", name: origin } })).promotion!]
        : values["downstream"]
          ? (await client.promotions.promoteDownstream({ project, stage, ...selector })).promotions
          : [(await client.promotions.promoteToStage({ project, stage, ...selector })).promotion!];
    if (context.output !== "table") {
      context.io.stdout.write(
        formatValue(
          created.map((p) => messageJson(PromotionSchema, p)),
          context.output,
        ),
      );
      return;
    }
    for (const p of created) context.print(`promotion/${p.metadata?.name} created (stage ${p.spec?.stage}, freight ${p.spec?.freight})`);
  },
};

/**
 * The preview's diffs on stdout (so they can go to a pager or `git apply`), each repository's
 * headed by a `#` line; the steps not run and the outcome on stderr. A failed preview is an error
 * (exit 1) after the output, as the promotion would fail.
 */
function printPreview(context: CliContext, preview: PreviewPromotionResponse, stage: string): void {
  if (context.output !== "table") {
    context.io.stdout.write(formatValue(messageJson(PreviewPromotionResponseSchema, preview), context.output));
  } else {
    for (const repository of preview.repositories) {
      if (repository.diff === "") continue;
      context.print(
        `# ${repository.repoUrl} (${repository.path}${repository.branch ? `, branch ${repository.branch}` : ""})${repository.truncated ? " — diff truncated" : ""}`,
      );
      context.io.stdout.write(repository.diff);
    }
    if (preview.repositories.every((repository) => repository.diff === "")) context.print("# no changes would be committed");
    for (const step of preview.steps) {
      if (step.externalEffect) context.io.stderr.write(`step ${step.alias} (${step.uses}) not run: it ${step.externalEffect}\n`);
    }
    context.io.stderr.write(`preview of freight ${preview.freight} into stage ${stage}: ${preview.phase}: ${preview.message}\n`);
  }
  if (preview.phase !== "Succeeded") throw new ConnectError(`the promotion would fail: ${preview.message}`, Code.FailedPrecondition);
}
