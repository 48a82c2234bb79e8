import { invalidField } from "../../errors/invalid-fields.js";

/**
 * Fails with INVALID_ARGUMENT `<field> should not be empty` (Kargo's wording),
 * with a google.rpc.BadRequest detail naming the field, when a required string is empty or only whitespace. Returns the value trimmed, so a
 * handler reads `const name = requireField(req.name, "name")`. `field` is the request's proto
 * field name (`name`, `project`, `spec.subscriptions` …), the one clients see.
 */
export function requireField(value: string | undefined, field: string): string {
  const trimmed = (value ?? "").trim();
  if (trimmed === "") {
    throw invalidField(field, "should not be empty");
  }
  return trimmed;
}

/**
 * Fails with INVALID_ARGUMENT `<field> should not be empty` when a required message field is
 * unset; returns it narrowed. For `spec` and other message fields of a request.
 */
export function requireMessage<T>(value: T | undefined, field: string): T {
  if (value === undefined) {
    throw invalidField(field, "should not be empty");
  }
  return value;
}
