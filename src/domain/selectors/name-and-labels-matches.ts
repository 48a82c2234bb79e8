import { labelSelectorMatcher } from "./label-selector-matcher.js";
import type { LabelSelectorObjectRequirement } from "./types.js";

/**
 * Kargo's selector of Stages (promotion policies, promotion windows) and of Projects (ClusterConfig
 * promotion windows): `name` exact, `glob:<pattern>` (`*`, `?`) or `regex:<pattern>` (also
 * `regexp:`), plus `matchLabels`/`matchExpressions`; absent parts match anything.
 */
export interface NameAndLabelsSelector {
  name?: string;
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorObjectRequirement[];
}

/** True when the object's name and labels satisfy the selector. An invalid selector matches nothing. */
export function nameAndLabelsMatches(selector: NameAndLabelsSelector, name: string, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (selector.name !== undefined && selector.name !== "" && !nameMatches(selector.name, name)) return false;
  if (!selector.matchLabels && !selector.matchExpressions) return true;
  try {
    return labelSelectorMatcher({ matchLabels: selector.matchLabels ?? null, matchExpressions: selector.matchExpressions ?? null })(labels ?? {});
  } catch {
    return false;
  }
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
    const source = glob
      .replace(/[.+^${}()|[\]\\]/gu, "\\$&")
      .replace(/\*/gu, ".*")
      .replace(/\?/gu, ".");
    return new RegExp(`^${source}$`, "u").test(name);
  }
  return pattern === name;
}
