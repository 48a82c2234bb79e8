export type { FieldError, FieldErrorReason } from "./field-error.js";
export { fieldErrorsMessage } from "./field-errors-message.js";
export { validateKargoObject } from "./validate-kargo-object.js";
export { applyKargoDefaults } from "./apply-kargo-defaults.js";
export { validateObjectName } from "./validate-object-name.js";
export { validateObjectMeta, ANNOTATIONS_MAX_BYTES, type ObjectMetaOptions } from "./validate-object-meta.js";
export { PROMOTION_PHASES } from "./kargo/promotion-schema.js";
export { KARGO_SCHEMAS } from "./kargo-schemas.js";
export {
  dns1123LabelProblems,
  dns1123SubdomainProblems,
  qualifiedNameProblems,
  labelValueProblems,
} from "./name-rules.js";
export { validateRbacObject } from "./validate-rbac-object.js";
export { validateRolloutsObject } from "./validate-rollouts-object.js";
