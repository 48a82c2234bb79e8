import type { AccessCheckFn } from "../../auth/authorization/access-check-context.js";
import type { AccessAttributes } from "../../auth/authorization/access-attributes.js";
import { normalizeRules, type RuleInput } from "../normalize-rules.js";
import { assertAccessesHeld } from "./assert-accesses-held.js";

/**
 * Escalation prevention for Kargo roles (RbacService: CreateRole, UpdateRole, Grant,
 * CreateAPIToken): the rules are normalised as Kargo stores them — one group, resource and name
 * per rule, `*` expanded into the standard verbs plus the custom `promote` on stages — and every
 * resulting verb is reviewed as the caller in `namespace`. So granting `*` on stages needs each verb
 * held, not a literal `*`. INVALID_ARGUMENT (naming `field`) for a rule that cannot be normalised;
 * PERMISSION_DENIED naming the first permission the caller lacks.
 *
 * Why access reviews rather than comparing with the caller's rule list: an OIDC user's permissions
 * are the union of several ServiceAccounts' rules, in the project and the global namespaces, and
 * the authorizer already evaluates exactly that per review; reviews also work against a real
 * cluster whose authorizer is not RBAC alone.
 */
export async function assertKargoRulesHeld(
  check: AccessCheckFn,
  namespace: string,
  rules: readonly RuleInput[],
  groupOf: (resource: string, field: string) => Promise<string>,
  field = "rules",
): Promise<void> {
  const normalized = await normalizeRules(rules, { customVerbs: true, field, groupOf });
  const accesses = normalized.flatMap((rule) => {
    const [resource, subresource] = splitResource(rule.resources[0]);
    return rule.verbs.map(
      (verb): AccessAttributes => ({
        verb,
        group: rule.apiGroups[0],
        resource,
        ...(subresource !== undefined ? { subresource } : {}),
        namespace,
        ...(rule.resourceNames ? { name: rule.resourceNames[0] } : {}),
      }),
    );
  });
  await assertAccessesHeld(check, accesses);
}

/** "freights/status" → ["freights", "status"]. */
export function splitResource(combined: string): [string, string | undefined] {
  const slash = combined.indexOf("/");
  return slash < 0 ? [combined, undefined] : [combined.slice(0, slash), combined.slice(slash + 1)];
}
