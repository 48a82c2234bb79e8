import type { ExpressionNode } from "./expression-ast.js";
import { evaluateExpression, type ExpressionEnvironment } from "./evaluate-expression.js";
import { parseExpression } from "./parse-expression.js";
import { splitTemplate } from "./split-template.js";
import { STANDARD_FUNCTIONS, toText } from "./standard-functions.js";

// Step configs are evaluated once per step run and the same texts recur; parse each once.
const parsed = new Map<string, ExpressionNode>();
const PARSE_CACHE_LIMIT = 1000;

function parseCached(source: string): ExpressionNode {
  let tree = parsed.get(source);
  if (!tree) {
    tree = parseExpression(source);
    if (parsed.size >= PARSE_CACHE_LIMIT) parsed.clear();
    parsed.set(source, tree);
  }
  return tree;
}

/** Evaluates one expression's source text; the standard functions are available unless shadowed. */
export function evaluateSource(source: string, env: ExpressionEnvironment): unknown {
  return evaluateExpression(parseCached(source), { ...STANDARD_FUNCTIONS, ...env }, source);
}

/**
 * Evaluates a string that may hold `${{ … }}` expressions, as Kargo does for step configs:
 * - no expression: the string itself;
 * - the whole string (surrounding spaces aside) is one expression: that expression's value, typed
 *   (a map stays a map, a number a number — `quote()` makes it a string);
 * - otherwise each expression's value is interpolated as text (nil as "", maps as JSON).
 * Throws an ExpressionError for a syntax or evaluation problem.
 */
export function evaluateTemplate(template: string, env: ExpressionEnvironment): unknown {
  const parts = splitTemplate(template);
  const expressions = parts.filter((part) => part.kind === "expression");
  if (expressions.length === 0) return template;
  const onlyExpression = parts.every((part) => part.kind === "expression" || part.text.trim() === "") && expressions.length === 1;
  if (onlyExpression) return evaluateSource(expressions[0]!.source, env);
  return parts.map((part) => (part.kind === "text" ? part.text : toText(evaluateSource(part.source, env)))).join("");
}

/**
 * Evaluates every string inside a JSON value (a step's `config`) with evaluateTemplate, returning a
 * new value; keys, numbers and booleans are kept as they are.
 */
export function evaluateConfig(value: unknown, env: ExpressionEnvironment): unknown {
  if (typeof value === "string") return evaluateTemplate(value, env);
  if (Array.isArray(value)) return value.map((item) => evaluateConfig(item, env));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, evaluateConfig(item, env)]));
  }
  return value;
}

/**
 * An `if` condition as a template: Kargo accepts conditions (step `if`, deep link `if`) with or
 * without the `${{ }}` delimiters.
 */
export function conditionTemplate(text: string): string {
  return text.includes("${{") ? text : `\${{ ${text} }}`;
}
