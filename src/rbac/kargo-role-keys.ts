/**
 * Labels and annotations of the Kargo Role abstraction, beside the
 * shared ones in src/domain/well-known-keys.ts.
 */
export { DESCRIPTION_ANNOTATION, RBAC_CLAIMS_ANNOTATION, RBAC_MANAGED_ANNOTATION } from "../domain/well-known-keys.js";
export { LEGACY_CLAIM_ANNOTATION_PREFIX } from "../auth/claims-index/parse-claims-annotations.js";

/** `"true"` on a ServiceAccount in the Kargo namespace that is a system-level role. */
export const SYSTEM_ROLE_LABEL = "rbac.kargo.akuity.io/system-role";
/** `"true"` on a service-account-token Secret created as a Kargo API token. */
export const API_TOKEN_LABEL = "rbac.kargo.akuity.io/api-token";
/** Kubernetes' annotation binding a token Secret to its ServiceAccount. */
export const SERVICE_ACCOUNT_NAME_ANNOTATION = "kubernetes.io/service-account.name";
/** Kubernetes' Secret type whose `data.token` the token controller fills. */
export const SERVICE_ACCOUNT_TOKEN_TYPE = "kubernetes.io/service-account-token";
/** What every response shows instead of a secret value. */
export const REDACTED = "*** REDACTED ***";
/**
 * This API's own annotation (not Kargo's) on a role's ServiceAccount, set by DeleteAPIToken to the
 * time of the revocation: every replica watches ServiceAccounts, and a change of it makes each drop
 * its cached acceptances of that ServiceAccount's tokens, so a revoked token is refused by all of
 * them at once rather than after AUTHORIZATION_CACHE_TTL.
 */
export const TOKENS_REVOKED_ANNOTATION = "api.kargo.akuity.io/tokens-revoked-at";
