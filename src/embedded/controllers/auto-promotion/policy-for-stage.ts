import type { Stage } from "../../../domain/types.js";
import { labelSelectorMatcher } from "../../selectors/index.js";

/** A ProjectConfig `spec.promotionPolicies[]` entry. */
export interface PromotionPolicy {
  stage?: string;
  stageSelector?: {
    name?: string;
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
  };
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
    const selector = policy.stageSelector;
    if (!selector) return false;
    if (selector.name !== undefined && selector.name !== "" && !nameMatches(selector.name, name)) return false;
    if (!selector.matchLabels && !selector.matchExpressions) return true;
    try {
      return labelSelectorMatcher({ matchLabels: selector.matchLabels, matchExpressions: selector.matchExpressions } as never)(stage.metadata.labels ?? {});
    } catch {
      return false;
    }
  });
}

function nameMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith("regex:") || pattern.startsWith("regexp:")) {
    try {
      return new RegExp(pattern.slice(pattern.indexOf(":") + 1), "u").test(name);
    } catch {
      return false;
    }
  }
  if (pattern.startsWith("glob:")) {
    const glob = pattern.slice("glob:".length);
    const source = glob.replace(/[.+^${}()|[\]\\]/gu, "\\$&").replace(/\*/gu, ".*").replace(/\?/gu, ".");
    return new RegExp(`^${source}$`, "u").test(name);
  }
  return pattern === name;
}
