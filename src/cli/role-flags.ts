import type { Claim, PolicyRule } from "../../gen/kargo/api/v1/role_pb.js";
import { UsageError } from "./cli-errors.js";
import { kindNamed } from "./get/kinds.js";

/** `--claim NAME=VALUE …` as claims, values of one name gathered. */
export function parseClaims(specs: readonly string[]): Claim[] {
  const byName = new Map<string, string[]>();
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--claim must be NAME=VALUE, got "${spec}"`);
    byName.set(spec.slice(0, eq), [...(byName.get(spec.slice(0, eq)) ?? []), spec.slice(eq + 1)]);
  }
  return [...byName].map(([name, values]) => ({ $typeName: "kargo.api.v1.Claim", name, values }));
}

/**
 * The Kubernetes resource a rule names, accepting every spelling `kargo-api get` accepts: `freight`,
 * `stage`, `wh`, `promo` … become `freights`, `stages`, `warehouses`, `promotions`; anything else (a
 * plural resource such as `secrets`, or `freights/status`) is passed on for the server to resolve.
 */
export function ruleResource(name: string): string {
  const [base, sub] = name.split("/", 2) as [string, string | undefined];
  const resource = kindNamed(base)?.resource ?? base;
  return sub === undefined ? resource : `${resource}/${sub}`;
}

/** `--rule RESOURCE[/NAME]:VERB[,VERB…]` as a policy rule (API group resolved by the server). */
export function parseRule(spec: string): PolicyRule {
  const match = /^([a-z.]+)(?:\/([^:]+))?:([a-z*,]+)$/i.exec(spec);
  if (!match) throw new UsageError(`--rule must be RESOURCE[/NAME]:VERB[,VERB…], got "${spec}"`);
  return {
    $typeName: "kargo.api.v1.PolicyRule",
    resources: [ruleResource(match[1]!)],
    resourceNames: match[2] ? [match[2]] : [],
    verbs: match[3]!.split(","),
    apiGroups: [],
  };
}
