import type { FieldError } from "./field-error.js";

/**
 * The summary Kubernetes puts in an Invalid Status message after `<Kind> "<name>" is invalid: `:
 * `field: message` for one error, `[field: message, field: message]` for several.
 */
export function fieldErrorsMessage(errors: readonly FieldError[]): string {
  const parts = errors.map((e) => `${e.field}: ${e.message}`);
  return parts.length === 1 ? parts[0]! : `[${parts.join(", ")}]`;
}
