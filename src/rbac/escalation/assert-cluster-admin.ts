import type { AccessCheckFn } from "../../auth/authorization/access-check-context.js";
import { assertPolicyRulesHeld, type PolicyRuleJson } from "./assert-policy-rules-held.js";

/** Every verb on every resource of every group, cluster-wide: what `cluster-admin` holds. */
export const CLUSTER_ADMIN_RULES: readonly PolicyRuleJson[] = Object.freeze([{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]);

/**
 * The caller holds cluster-admin rights (`*` verbs on `*` resources of `*` groups, cluster-wide,
 * reviewed literally so only a `*` rule covers them). For writes that hand out everything the
 * server can do, such as a CustomPromotionStep, whose command the promotion engine runs as the
 * server's own process. PERMISSION_DENIED otherwise, naming `what`.
 */
export function assertClusterAdmin(check: AccessCheckFn, what: string): Promise<void> {
  return assertPolicyRulesHeld(check, undefined, CLUSTER_ADMIN_RULES, what);
}
