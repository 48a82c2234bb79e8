/**
 * Kargo's rules as pure functions over plain Kargo objects (Kubernetes JSON as stored), shared by
 * the API services and the embedded control plane's admission. Imports nothing from the server,
 * the services, the embedded control plane or auth.
 */
export * from "./types.js";
export * from "./well-known-keys.js";
export { freightName } from "./freight-name.js";
export { refreshToken } from "./refresh-token.js";
export { normalizeGitUrl } from "./normalize-git-url.js";
export { normalizeChartRepoUrl } from "./normalize-chart-repo-url.js";
export { ALIAS_ADJECTIVES, ALIAS_ANIMALS } from "./alias-words.js";
export { generateFreightAlias, uniqueFreightAlias, type RandomSource } from "./generate-freight-alias.js";
export { freightAliasProblem } from "./freight-alias-problem.js";
export { GO_DURATION_MAX, parseGoDuration, parseGoDurationNanoseconds } from "./parse-go-duration.js";
export { freightSoakTime } from "./freight-soak-time.js";
export { sameOrigin, originKey } from "./same-origin.js";
export { isFreightAvailableToStage, type FreightAvailability } from "./is-freight-available-to-stage.js";
export { newestAvailableFreight } from "./newest-available-freight.js";
export { promotionName } from "./promotion-name.js";
export { stageLabelValue } from "./stage-label-value.js";
export { PromotionBuildError, isPromotionBuildError, type PromotionBuildProblem } from "./promotion-build-error.js";
export { inflatePromotionSteps, stepAlias, TASK_ALIAS_SEPARATOR, type PromotionTaskLookup } from "./inflate-promotion-steps.js";
export { promotionFromStage, type PromotionFromStageOptions } from "./promotion-from-stage.js";
export { downstreamStages } from "./downstream-stages.js";
export { freightInUseBy, isFreightInUse } from "./freight-in-use-by.js";
export { parseSemver, compareSemver } from "./compare-semver.js";
export { freightGroupKeys, groupFreight, compareFreight, type FreightGroupBy, type FreightOrderBy, type GroupFreightOptions } from "./group-freight.js";
export { creatorAdminClaims, formatClaimsAnnotation, mergeClaims, type ClaimMap, type CreatorIdentity } from "./creator-admin-claims.js";
export { defaultProjectRoles, DEFAULT_PROJECT_ROLES, type PolicyRule, type DefaultProjectRolesOptions } from "./default-project-roles.js";
export { projectAdminClusterRole, projectAdminRoleBinding, PROJECT_ADMIN_CLUSTER_ROLE, PROJECT_ADMIN_RULES } from "./project-admin-binding.js";
export { kargoEvent, type KargoEventInput, type KargoEventReason } from "./kargo-event.js";
export { promotionCreatedEvent } from "./promotion-created-event.js";
export { freightCreatedEvent } from "./freight-created-event.js";
export { freightEventAnnotations, promotionEventAnnotations } from "./freight-event-annotations.js";
export { compilePromotionWindow, PROMOTION_WINDOW_LIMITS, type CompiledPromotionWindow, type PromotionWindow } from "./compile-promotion-window.js";
export {
  promotionWindowStatus,
  promotionWindowStatusJson,
  promotionWindowStatusUntil,
  type ApplicablePromotionWindow,
  type PromotionWindowStatus,
  type PromotionWindowStatusSpan,
} from "./promotion-window-status.js";
export {
  applicablePromotionWindows,
  promotionWindowsMayApply,
  promotionWindowsOf,
  type PromotionWindowSources,
  type SelectorMatches,
} from "./applicable-promotion-windows.js";
export { promotionWindowClosedMessage } from "./promotion-window-closed-message.js";
export { PROMOTION_WINDOW_CLOSED_REASON } from "./promotion-window-closed-reason.js";
export { projectStats, type ProjectStats } from "./project-stats.js";
