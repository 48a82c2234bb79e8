import type { Promotion } from "../../gen/kargo/api/v1/promotion_pb.js";

/** Step statuses that end a Promotion badly; the first such step is the one to show. */
const FAILED_STEP = new Set(["Failed", "Errored"]);
/** Aliases Kargo generates (`step-3`, `promo-process::step-0`): they say nothing, the step's kind does. */
const GENERATED_ALIAS = /(^|::)step-\d+$/;

/**
 * One line describing where a Promotion is: phase, the step that matters (1-based, of all) by its
 * kind (`git-clone`, with `as ALIAS` when the author named it) and status, and the phase message.
 * The step that matters is the running one, or for a Failed/Errored Promotion the step that failed
 * (later steps are Skipped and would hide it). `watch promotions` prints it whenever it changes;
 * `paint` colours the phase on a terminal.
 *
 * `uat.01j…  stage=uat  phase=Running  step=2/3 (git-commit: Running)`
 */
export function promotionProgress(p: Promotion, paint: (state: string) => string = (s) => s): string {
  const steps = p.spec?.steps ?? [];
  const phase = p.status?.phase || "Pending";
  const parts = [p.metadata?.name ?? "", `stage=${p.spec?.stage ?? ""}`, `phase=${paint(phase)}`];
  if (steps.length > 0) {
    const executed = p.status?.stepExecutionMetadata ?? [];
    const failed = executed.findIndex((s) => FAILED_STEP.has(s.status));
    const index = failed >= 0 ? failed : Math.min(p.status?.currentStep ?? 0, steps.length - 1);
    const spec = steps[index];
    const alias = spec?.as || executed[index]?.alias || "";
    const kind = spec?.uses || spec?.task?.name || "";
    const name = [kind, alias && !GENERATED_ALIAS.test(alias) && alias !== kind ? `as ${alias}` : ""].filter((x) => x).join(" ") || alias;
    const status = executed[index]?.status;
    parts.push(`step=${index + 1}/${steps.length}${status ? ` (${name}: ${paint(status)})` : name ? ` (${name})` : ""}`);
  }
  if (p.status?.message) parts.push(`message=${JSON.stringify(p.status.message)}`);
  return parts.join("  ");
}
