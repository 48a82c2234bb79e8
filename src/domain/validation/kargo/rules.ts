import { forbidden, invalid, type FieldError } from "../field-error.js";
import type { Rule } from "../schema.js";

const has = (value: Record<string, unknown>, member: string): boolean => value[member] !== undefined && value[member] !== null;

/**
 * Exactly one of `members` must be set (the CRDs' `has(a) != has(b)` CEL rules). Reported on the
 * object itself with the CRD's message, as Kubernetes reports a failed CEL rule.
 */
export function exactlyOneOf(members: readonly string[], message: string): Rule {
  return (value, path) => (members.filter((m) => has(value, m)).length === 1 ? [] : [invalid(path, value, message)]);
}

/** `member` must be set and none of `excluded` (a Promotion or PromotionTask step must `use`, not reference a task). */
export function requiresWithout(member: string, excluded: readonly string[], message: string): Rule {
  return (value, path) => (has(value, member) && excluded.every((e) => !has(value, e)) ? [] : [invalid(path, value, message)]);
}

/** When `trigger` is set, `member` may not be (a step referencing a task cannot set continueOnError/retry). */
export function forbiddenWith(trigger: string, member: string, message: string): Rule {
  return (value, path) => (has(value, trigger) && has(value, member) ? [forbidden(`${path}.${member}`, message)] : []);
}

/** Runs several rules; for readability where a schema needs more than one. */
export function allOf(...rules: Rule[]): Rule {
  return (value, path) => rules.flatMap((rule): FieldError[] => rule(value, path));
}
