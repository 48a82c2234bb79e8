/**
 * Escalation prevention, the one module: every API path that grants permissions checks here that
 * the caller holds them. Two entry points, for two kinds of rules:
 * - `assertKargoRulesHeld`: Kargo roles (RbacService), normalised with Kargo's wildcard expansion;
 * - `assertPolicyRulesHeld`: raw Kubernetes rules (ResourceService), wildcards reviewed literally.
 * Both review through `assertAccessesHeld`. The embedded control plane's own check
 * (src/embedded/api/prevent-escalation.ts) is Kubernetes' escalation rule inside the emulated
 * Kubernetes API, applied to whoever writes RBAC objects to it; it is that API's behaviour, not a
 * second API-side check.
 */
export { assertAccessesHeld } from "./assert-accesses-held.js";
export { assertKargoRulesHeld } from "./assert-kargo-rules-held.js";
export { assertPolicyRulesHeld, type PolicyRuleJson } from "./assert-policy-rules-held.js";
export { assertClusterAdmin, CLUSTER_ADMIN_RULES } from "./assert-cluster-admin.js";
