import type { Stage } from "../../../domain/types.js";
import { nameAndLabelsMatches, type NameAndLabelsSelector } from "../../../domain/selectors/index.js";

/** A ProjectConfig `spec.promotionPolicies[]` entry. */
export interface PromotionPolicy {
  stage?: string;
  stageSelector?: NameAndLabelsSelector;
  autoPromotionEnabled?: boolean;
}

/**
 * The first promotion policy that applies to a Stage, as Kargo picks it: `stage` names it, or
 * `stageSelector` matches it — its `name` exactly, as `glob:<pattern>` (`*`, `?`) or
 * `regex:<pattern>`, and its labels with `matchLabels`/`matchExpressions` (absent: any labels).
 * An invalid selector matches nothing.
 */
export function policyForStage(policies: readonly PromotionPolicy[], stage: Stage): PromotionPolicy | undefined {
  const name = stage.metadata.name ?? "";
  return policies.find((policy) => {
    if (policy.stage !== undefined && policy.stage !== "") return policy.stage === name;
    return policy.stageSelector !== undefined && nameAndLabelsMatches(policy.stageSelector, name, stage.metadata.labels);
  });
}
