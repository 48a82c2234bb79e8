import type { Promotion } from "../../gen/kargo/api/v1/promotion_pb.js";

/**
 * One line describing where a Promotion is: phase, the step running (1-based, of all) with its
 * alias and status, and the phase message. `watch promotions` prints it whenever it changes.
 *
 * `uat.01j…  stage=uat  phase=Running  step=2/3 (git-commit: Running)`
 */
export function promotionProgress(p: Promotion): string {
  const steps = p.spec?.steps ?? [];
  const phase = p.status?.phase || "Pending";
  const parts = [p.metadata?.name ?? "", `stage=${p.spec?.stage ?? ""}`, `phase=${phase}`];
  if (steps.length > 0) {
    const executed = p.status?.stepExecutionMetadata ?? [];
    const index = Math.min(p.status?.currentStep ?? 0, steps.length - 1);
    const step = executed[index];
    const alias = step?.alias || steps[index]?.as || steps[index]?.uses || "";
    parts.push(`step=${index + 1}/${steps.length}${step ? ` (${alias}: ${step.status || "Running"})` : alias ? ` (${alias})` : ""}`);
  }
  if (p.status?.message) parts.push(`message=${JSON.stringify(p.status.message)}`);
  return parts.join("  ");
}
