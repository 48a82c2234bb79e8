/**
 * Small helpers shared by the handlers of every service (Kargo's request rules, AIP-158):
 * required fields, the project existence check, cached reads with NOT_FOUND, pagination and
 * raw-format responses, the Refresh* write. See README.md.
 */
export { requireField, requireMessage } from "./require-field.js";
export { requireProject, type RequireProjectDeps } from "./require-project.js";
export { getCachedOrNotFound, getForWrite, listCached } from "./get-cached-or-not-found.js";
export { pageOf, type PagingRequest } from "./page-of.js";
export { typedOrRaw } from "./typed-or-raw.js";
export { validateDnsLabel, validateDnsSubdomain } from "./validate-dns-name.js";
export { refreshObject, type RefreshedObject } from "./refresh-object.js";
export { upsertConfigSpec, type ConfigSpecUpdate } from "./upsert-config-spec.js";
export { describeScope, resourceScope, type ResourceScope } from "./resource-scope.js";
export { requireDataKeys } from "./require-data-keys.js";
export { DEEP_LINK_LIMITS, evaluateDeepLinks, type DeepLinkKind } from "./evaluate-deep-links.js";
export { sharedResourceAnnotations, sharedResourceAnnotationsPatch } from "./shared-resource-annotations.js";
export { retryOnConflict } from "./retry-on-conflict.js";
export { hasCode } from "./has-code.js";
