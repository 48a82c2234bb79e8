import type { AccessCheckFn } from "../auth/authorization/access-check-context.js";
import { assertNoEscalation } from "../auth/authorization/assert-no-escalation.js";
import { normalizeRules, type RuleInput } from "./normalize-rules.js";

/**
 * Escalation prevention for anything that grants RBAC rules (kargo-behaviour.md §6.6): normalises
 * `rules` with custom verbs (so `*` on stages includes `promote`), then reviews every verb of every
 * atomic rule as the caller, in `namespace`, through the same access check as every other
 * operation (`accessCheckKey`). PERMISSION_DENIED naming the first permission the caller lacks;
 * INVALID_ARGUMENT for a rule that cannot be normalised. Admin callers pass (their check allows all).
 *
 * Used by RbacService (CreateRole, UpdateRole, Grant, CreateAPIToken) and meant for ResourceService:
 * a Role, ClusterRole or claim-annotated ServiceAccount in a manifest must pass the same check.
 *
 * Why access reviews rather than comparing with the caller's rule list (SelfSubjectRulesReview +
 * coversRules): an OIDC user's permissions are the union of several ServiceAccounts' rules, in the
 * project and the global namespaces, and the authorizer already evaluates exactly that per
 * review; reviews also work against a real cluster whose authorizer is not RBAC alone.
 */
export async function assertRulesHeld(
  check: AccessCheckFn,
  namespace: string,
  rules: readonly RuleInput[],
  groupOf: (resource: string, field: string) => Promise<string>,
  field = "rules",
): Promise<void> {
  const normalized = await normalizeRules(rules, { customVerbs: true, field, groupOf });
  await assertNoEscalation(
    check,
    namespace,
    normalized.map((r) => ({ apiGroup: r.apiGroups[0], resource: r.resources[0], ...(r.resourceNames ? { resourceName: r.resourceNames[0] } : {}), verbs: r.verbs })),
  );
}
