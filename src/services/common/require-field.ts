import { Code, ConnectError } from "@connectrpc/connect";

/**
 * Fails with INVALID_ARGUMENT `<field> should not be empty` (Kargo's wording, kargo-behaviour.md
 * §1.3) when a required string is empty or only whitespace. Returns the value trimmed, so a
 * handler reads `const name = requireField(req.name, "name")`. `field` is the request's proto
 * field name (`name`, `project`, `spec.subscriptions` …), the one clients see.
 */
export function requireField(value: string | undefined, field: string): string {
  const trimmed = (value ?? "").trim();
  if (trimmed === "") {
    throw new ConnectError(`${field} should not be empty`, Code.InvalidArgument);
  }
  return trimmed;
}

/**
 * Fails with INVALID_ARGUMENT `<field> should not be empty` when a required message field is
 * unset; returns it narrowed. For `spec` and other message fields of a request.
 */
export function requireMessage<T>(value: T | undefined, field: string): T {
  if (value === undefined) {
    throw new ConnectError(`${field} should not be empty`, Code.InvalidArgument);
  }
  return value;
}
