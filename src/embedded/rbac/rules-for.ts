import { applicableRuleSets } from "./applicable-rule-sets.js";
import type { PolicyRule, RbacObjects, UserInfo } from "./types.js";

/**
 * The effective rules of `user` in `namespace` (cluster-wide rules only when `namespace` is empty):
 * what SelfSubjectRulesReview reports and what an escalation check compares against. Rules appear
 * once each, in binding order (ClusterRoleBindings first).
 */
export function rulesFor(objects: RbacObjects, user: UserInfo, namespace: string | undefined): PolicyRule[] {
  const seen = new Set<string>();
  const rules: PolicyRule[] = [];
  for (const set of applicableRuleSets(objects, user, namespace).ruleSets) {
    for (const rule of set.rules) {
      const key = JSON.stringify(rule);
      if (seen.has(key)) continue;
      seen.add(key);
      rules.push(rule);
    }
  }
  return rules;
}
