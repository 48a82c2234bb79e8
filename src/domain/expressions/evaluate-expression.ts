import type { ExpressionNode } from "./expression-ast.js";
import { ExpressionError } from "./expression-error.js";
import { describeValue } from "./describe-value.js";
import { DurationValue, TimeValue } from "./time-values.js";

/** A function callable from expressions (`quote(x)`, `imageFrom(repo)` …). */
export type ExpressionFunction = (...args: unknown[]) => unknown;

/** The names an expression can use: values (`vars`, `ctx`, `outputs` …) and functions. */
export type ExpressionEnvironment = Readonly<Record<string, unknown>>;

/**
 * Computes the value of a parsed expression in an environment, with expr-lang's typing rules as
 * Kargo uses them: a missing map key is nil, reading a field of nil is an error (unless `?.`),
 * `+` adds numbers or joins strings (no silent coercion), `&&`, `||`, `!` and `?:` want booleans
 * and short-circuit, `==` compares values deeply. `source` is the expression text, for messages.
 */
export function evaluateExpression(node: ExpressionNode, env: ExpressionEnvironment, source: string): unknown {
  const fail = (message: string): never => {
    throw new ExpressionError("evaluation", `${message} (in ${JSON.stringify(source)})`);
  };
  const boolean = (value: unknown, operator: string): boolean =>
    typeof value === "boolean" ? value : fail(`operator "${operator}" needs a boolean, got ${describeValue(value)}`);

  const evaluate = (n: ExpressionNode): unknown => {
    switch (n.type) {
      case "literal":
        return n.value;
      case "identifier":
        if (!Object.hasOwn(env, n.name)) return fail(`unknown name "${n.name}"`);
        return env[n.name];
      case "array":
        return n.elements.map(evaluate);
      case "map":
        return Object.fromEntries(n.entries.map((entry) => [String(evaluate(entry.key)), evaluate(entry.value)]));
      case "member":
        return member(n);
      case "call": {
        const callee = evaluate(n.callee);
        if (typeof callee !== "function") return fail(`${describeValue(callee)} is not a function`);
        try {
          return (callee as ExpressionFunction)(...n.args.map(evaluate));
        } catch (error) {
          if (error instanceof ExpressionError) throw error;
          const name = n.callee.type === "identifier" ? n.callee.name : "function";
          return fail(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      case "unary": {
        const operand = evaluate(n.operand);
        if (n.operator === "!") return !boolean(operand, "!");
        if (typeof operand !== "number") return fail(`operator "${n.operator}" needs a number, got ${describeValue(operand)}`);
        return n.operator === "-" ? -operand : operand;
      }
      case "conditional":
        return boolean(evaluate(n.test), "?:") ? evaluate(n.consequent) : evaluate(n.alternate);
      case "binary":
        return binary(n.operator, n.left, n.right);
    }
  };

  const member = (n: Extract<ExpressionNode, { type: "member" }>): unknown => {
    const object = evaluate(n.object);
    const key = evaluate(n.property);
    if (object === null || object === undefined) {
      if (n.optional) return null;
      return fail(`cannot read ${JSON.stringify(key)} of nil`);
    }
    if (object instanceof TimeValue || object instanceof DurationValue) {
      const method = object.method(String(key));
      return method ?? fail(`${object instanceof TimeValue ? "time" : "duration"} has no method ${JSON.stringify(key)}`);
    }
    if (Array.isArray(object) || typeof object === "string") {
      if (typeof key !== "number" || !Number.isInteger(key)) return fail(`index of ${describeValue(object)} must be an integer, got ${describeValue(key)}`);
      const index = key < 0 ? object.length + key : key;
      if (index < 0 || index >= object.length) return fail(`index ${key} out of range (length ${object.length})`);
      return object[index];
    }
    if (typeof object === "object") {
      const record = object as Record<string, unknown>;
      return Object.hasOwn(record, String(key)) ? (record[String(key)] ?? null) : null;
    }
    return fail(`cannot read ${JSON.stringify(key)} of ${describeValue(object)}`);
  };

  const binary = (operator: string, leftNode: ExpressionNode, rightNode: ExpressionNode): unknown => {
    const left = evaluate(leftNode);
    // Short-circuit forms evaluate the right side only when needed.
    if (operator === "&&") return boolean(left, "&&") && boolean(evaluate(rightNode), "&&");
    if (operator === "||") return boolean(left, "||") || boolean(evaluate(rightNode), "||");
    if (operator === "??") return left === null || left === undefined ? evaluate(rightNode) : left;
    const right = evaluate(rightNode);
    switch (operator) {
      case "==":
        return deepEqual(left, right);
      case "!=":
        return !deepEqual(left, right);
      case "+":
        if (typeof left === "number" && typeof right === "number") return left + right;
        if (left instanceof TimeValue && right instanceof DurationValue) return new TimeValue(left.ms + right.ms);
        if (left instanceof DurationValue && right instanceof TimeValue) return new TimeValue(left.ms + right.ms);
        if (left instanceof DurationValue && right instanceof DurationValue) return new DurationValue(left.ms + right.ms);
        if (typeof left === "string" && typeof right === "string") return left + right;
        if (Array.isArray(left) && Array.isArray(right)) return [...left, ...right];
        return fail(`cannot add ${describeValue(left)} and ${describeValue(right)}`);
      // biome-ignore lint/suspicious/noFallthroughSwitchClause: other differences share the arithmetic cases below (number - number, errors)
      case "-":
        // A time minus a time is a duration; minus a duration, an earlier time (expr-lang).
        if (left instanceof TimeValue && right instanceof TimeValue) return new DurationValue(left.ms - right.ms);
        if (left instanceof TimeValue && right instanceof DurationValue) return new TimeValue(left.ms - right.ms);
        if (left instanceof DurationValue && right instanceof DurationValue) return new DurationValue(left.ms - right.ms);
      // falls through
      case "*":
      case "/":
      case "%":
        if (typeof left !== "number" || typeof right !== "number")
          return fail(`operator "${operator}" needs numbers, got ${describeValue(left)} and ${describeValue(right)}`);
        if ((operator === "/" || operator === "%") && right === 0) return fail("division by zero");
        return operator === "-" ? left - right : operator === "*" ? left * right : operator === "/" ? left / right : left % right;
      case "<":
      case ">":
      case "<=":
      case ">=": {
        if ((left instanceof TimeValue && right instanceof TimeValue) || (left instanceof DurationValue && right instanceof DurationValue)) {
          const [l, r] = [left.ms, right.ms];
          return operator === "<" ? l < r : operator === ">" ? l > r : operator === "<=" ? l <= r : l >= r;
        }
        const comparable = (typeof left === "number" && typeof right === "number") || (typeof left === "string" && typeof right === "string");
        if (!comparable) return fail(`cannot compare ${describeValue(left)} and ${describeValue(right)} with "${operator}"`);
        const l = left as number | string;
        const r = right as number | string;
        return operator === "<" ? l < r : operator === ">" ? l > r : operator === "<=" ? l <= r : l >= r;
      }
      case "contains":
      case "startsWith":
      case "endsWith":
      case "matches": {
        if (typeof left !== "string" || typeof right !== "string")
          return fail(`operator "${operator}" needs strings, got ${describeValue(left)} and ${describeValue(right)}`);
        if (operator === "contains") return left.includes(right);
        if (operator === "startsWith") return left.startsWith(right);
        if (operator === "endsWith") return left.endsWith(right);
        try {
          return new RegExp(right, "u").test(left);
        } catch (error) {
          return fail(`invalid regular expression ${JSON.stringify(right)}: ${(error as Error).message}`);
        }
      }
      case "in":
        if (Array.isArray(right)) return right.some((item) => deepEqual(item, left));
        if (typeof right === "object" && right !== null) return typeof left === "string" && Object.hasOwn(right, left);
        return fail(`operator "in" needs an array or a map on its right, got ${describeValue(right)}`);
    }
    return fail(`unknown operator "${operator}"`);
  };

  return evaluate(node) ?? null;
}

/** Structural equality of JSON-like values (nil equals nil, undefined counts as nil). */
function deepEqual(a: unknown, b: unknown): boolean {
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (a === b) return true;
  if ((a instanceof TimeValue && b instanceof TimeValue) || (a instanceof DurationValue && b instanceof DurationValue)) return a.ms === b.ms;
  if (a instanceof TimeValue || b instanceof TimeValue || a instanceof DurationValue || b instanceof DurationValue) return false;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((key) => deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
