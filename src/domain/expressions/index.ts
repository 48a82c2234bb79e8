/**
 * Kargo's expression language for promotion step configs: `${{ … }}` templates over a lexer,
 * a precedence-climbing parser and a typed evaluator (the expr-lang subset Kargo's steps use).
 */
export { conditionTemplate, evaluateTemplate, evaluateConfig, evaluateSource } from "./evaluate-template.js";
export { evaluateExpression, type ExpressionEnvironment, type ExpressionFunction } from "./evaluate-expression.js";
export { parseExpression } from "./parse-expression.js";
export { ExpressionError, isExpressionError } from "./expression-error.js";
export { toText } from "./standard-functions.js";
export { TimeValue, DurationValue } from "./time-values.js";
export { STANDARD_FUNCTIONS } from "./standard-functions.js";
