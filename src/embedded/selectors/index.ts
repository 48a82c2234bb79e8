export * from "./types.js";
export { SelectorParseError, isSelectorParseError } from "./selector-parse-error.js";
export { parseLabelSelector } from "./parse-label-selector.js";
export { matchesLabels } from "./matches-labels.js";
export { parseFieldSelector, DEFAULT_SELECTABLE_FIELDS } from "./parse-field-selector.js";
export { matchesFields } from "./matches-fields.js";
export { objectFields } from "./object-fields.js";
export { labelSelectorFromObject } from "./label-selector-from-object.js";
export { labelSelectorMatcher } from "./label-selector-matcher.js";
