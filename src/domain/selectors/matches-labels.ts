import type { LabelRequirement, LabelSelector } from "./types.js";

/**
 * True when `labels` satisfy every requirement of `selector`. As in Kubernetes, `!=` and `notin`
 * match objects that lack the key, and `>`/`<` never match a value that is not an integer.
 */
export function matchesLabels(selector: LabelSelector, labels: Readonly<Record<string, string>> | null | undefined): boolean {
  if (selector.nothing) return false;
  const set = labels ?? {};
  return selector.requirements.every((r) => requirementMatches(r, set));
}

function requirementMatches(r: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const actual = has ? labels[r.key]! : undefined;
  switch (r.operator) {
    case "Equals":
    case "In":
      return has && r.values.includes(actual!);
    case "NotEquals":
    case "NotIn":
      return !has || !r.values.includes(actual!);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "GreaterThan":
    case "LessThan": {
      if (!has || !/^-?\d+$/.test(actual!)) return false;
      const a = BigInt(actual!);
      const b = BigInt(r.values[0]!);
      return r.operator === "GreaterThan" ? a > b : a < b;
    }
  }
}
