/**
 * The Kargo Role model (docs/api-behaviour.md, RbacService): a ServiceAccount + Role + RoleBinding of one name,
 * claims annotations, rule normalisation with discovery-resolved groups, manageability, and the
 * escalation check every RBAC write must pass.
 */
export * from "./kargo-role-keys.js";
export {
  ALL_STANDARD_VERBS,
  expandVerbs,
  normalizeRules,
  validateResource,
  type NormalizeOptions,
  type NormalizedRule,
  type RuleInput,
} from "./normalize-rules.js";
export { createResourceGroups, type ResourceGroups } from "./resource-groups.js";
export { claimEntries, claimMapOf, claimsAnnotationPatch, claimsOf, type ClaimEntry, type ClaimMap } from "./role-claims.js";
export {
  assertManageable,
  isKargoManaged,
  listClusterRoleBindings,
  loadRoleObjects,
  managedRoleOf,
  rulesOf,
  type RoleObjects,
  type RoleObjectsDeps,
} from "./role-objects.js";
export { objectJson, roleMessage, roleResourcesMessage } from "./role-message.js";
export { assertAccessesHeld, assertKargoRulesHeld, assertPolicyRulesHeld, type PolicyRuleJson } from "./escalation/index.js";
