/**
 * One problem with one field, as Kubernetes reports it in the `causes` of a 422 Invalid Status:
 * `reason` is the StatusCause type, `field` the path (`spec.steps[0].task.name`,
 * `metadata.labels[app]`), `message` the text after the path ("Required value",
 * `Unsupported value: "X": supported values: "Warehouse"`).
 */
export interface FieldError {
  field: string;
  reason: FieldErrorReason;
  message: string;
}

/** Kubernetes' field.ErrorType values, as they appear in a StatusCause's `reason`. */
export type FieldErrorReason =
  | "FieldValueRequired"
  | "FieldValueInvalid"
  | "FieldValueNotSupported"
  | "FieldValueTooLong"
  | "FieldValueTooMany"
  | "FieldValueTypeInvalid"
  | "FieldValueDuplicate"
  | "FieldValueForbidden";

/** How Kubernetes prints a bad value in a message: strings quoted, containers by their type. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null || value === undefined) return "null";
  return Array.isArray(value) ? '"array"' : '"object"';
}

/** A required field is missing (or null). */
export function required(field: string): FieldError {
  return { field, reason: "FieldValueRequired", message: "Required value" };
}

/** A value breaks a rule; `detail` says which. */
export function invalid(field: string, value: unknown, detail: string): FieldError {
  return { field, reason: "FieldValueInvalid", message: `Invalid value: ${describeValue(value)}: ${detail}` };
}

/** A value is not one of an enumeration. */
export function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  const list = supported.map((s) => JSON.stringify(s)).join(", ");
  return { field, reason: "FieldValueNotSupported", message: `Unsupported value: ${describeValue(value)}: supported values: ${list}` };
}

/** A string (or the annotations as a whole) exceeds its length limit. */
export function tooLong(field: string, max: number, unit = "characters"): FieldError {
  return { field, reason: "FieldValueTooLong", message: `Too long: may not be more than ${max} ${unit}` };
}

/** A list has more items than allowed. */
export function tooMany(field: string, actual: number, max: number): FieldError {
  return { field, reason: "FieldValueTooMany", message: `Too many: ${actual}: must have at most ${max} items` };
}

/** A value has the wrong JSON type. */
export function typeInvalid(field: string, value: unknown, expected: string): FieldError {
  return { field, reason: "FieldValueTypeInvalid", message: `Invalid value: ${JSON.stringify(jsonType(value))}: must be of type ${expected}` };
}

/** A value repeats in a list that must hold each value once. */
export function duplicate(field: string, value: unknown): FieldError {
  return { field, reason: "FieldValueDuplicate", message: `Duplicate value: ${describeValue(value)}` };
}

/** A field may not be set here. */
export function forbidden(field: string, detail: string): FieldError {
  return { field, reason: "FieldValueForbidden", message: `Forbidden: ${detail}` };
}

/** The JSON type name of a value, as OpenAPI names it. */
export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}
