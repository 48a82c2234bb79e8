import { duplicate, invalid, notSupported, required, tooLong, tooMany, typeInvalid, type FieldError } from "./field-error.js";
import type { Schema } from "./schema.js";
import { GO_DURATION_MAX, parseGoDurationNanoseconds } from "../parse-go-duration.js";

// RFC 3339 date-time, as Kubernetes' "date-time" format accepts it (seconds fraction optional).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
// Kargo's controllers decode durations with Go's time.ParseDuration: past int64 nanoseconds they cannot.
const GO_DURATION_HINT = `must be a Go duration such as "90s" or "1h30m", at most ${GO_DURATION_MAX}`;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Checks `value` against `schema` and returns every problem, each with its field path below `path`.
 * `null` counts as absent, because Kubernetes prunes nulls of non-nullable fields before validating.
 */
export function validateSchema(schema: Schema, value: unknown, path: string): FieldError[] {
  const errors: FieldError[] = [];
  check(schema, value, path, errors);
  return errors;
}

function check(schema: Schema, value: unknown, path: string, errors: FieldError[]): void {
  switch (schema.type) {
    case "any":
      return;
    case "boolean":
      if (typeof value !== "boolean") errors.push(typeInvalid(path, value, "boolean"));
      return;
    case "integer": {
      if (typeof value !== "number" || !Number.isInteger(value)) {
        errors.push(typeInvalid(path, value, "integer"));
        return;
      }
      if (schema.format === "int32" && (value < INT32_MIN || value > INT32_MAX)) {
        errors.push(invalid(path, value, "must be a 32-bit integer"));
      }
      if (schema.minimum !== undefined && value < schema.minimum) {
        errors.push(invalid(path, value, `should be greater than or equal to ${schema.minimum}`));
      }
      return;
    }
    case "string": {
      if (typeof value !== "string") {
        errors.push(typeInvalid(path, value, "string"));
        return;
      }
      if (schema.enum && !schema.enum.includes(value)) {
        errors.push(notSupported(path, value, schema.enum));
        return;
      }
      // Lengths in characters (code points), as OpenAPI counts them.
      const length = [...value].length;
      if (schema.maxLength !== undefined && length > schema.maxLength) errors.push(tooLong(path, schema.maxLength));
      if (schema.minLength !== undefined && length < schema.minLength) {
        errors.push(invalid(path, value, `should be at least ${schema.minLength} chars long`));
      }
      if (schema.pattern && !schema.pattern.test(value) && !(schema.minLength && length < schema.minLength)) {
        errors.push(invalid(path, value, schema.patternHint ?? `should match '${schema.pattern.source}'`));
      }
      if (schema.format === "date-time" && !DATE_TIME.test(value)) {
        errors.push(invalid(path, value, "must be an RFC 3339 date-time, e.g. 2006-01-02T15:04:05Z"));
      }
      if (schema.format === "email" && !EMAIL.test(value)) errors.push(invalid(path, value, "must be an email address"));
      // Checked only once the pattern (if any) holds, so that a malformed duration is one problem, not two.
      if (schema.format === "go-duration" && (!schema.pattern || schema.pattern.test(value)) && parseGoDurationNanoseconds(value) === undefined) {
        errors.push(invalid(path, value, GO_DURATION_HINT));
      }
      return;
    }
    case "array": {
      if (!Array.isArray(value)) {
        errors.push(typeInvalid(path, value, "array"));
        return;
      }
      if (schema.minItems !== undefined && value.length < schema.minItems) {
        errors.push(invalid(path, value.length, `should have at least ${schema.minItems} items`));
      }
      if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(tooMany(path, value.length, schema.maxItems));
      value.forEach((item, i) => {
        const itemPath = `${path}[${i}]`;
        if (item === null || item === undefined) {
          // A null list item is not pruned: it is a value of the wrong type.
          if (schema.items.type !== "any") errors.push(typeInvalid(itemPath, item, schema.items.type));
          return;
        }
        check(schema.items, item, itemPath, errors);
        if (schema.set && value.slice(0, i).some((earlier) => JSON.stringify(earlier) === JSON.stringify(item))) {
          errors.push(duplicate(itemPath, item));
        }
      });
      return;
    }
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        errors.push(typeInvalid(path, value, "object"));
        return;
      }
      const record = value as Record<string, unknown>;
      const present = (name: string): boolean => record[name] !== undefined && record[name] !== null;
      const child = (name: string): string => (path === "" ? name : `${path}.${name}`);
      for (const name of schema.required ?? []) {
        if (!present(name) && schema.properties?.[name]?.default === undefined) errors.push(required(child(name)));
      }
      for (const [name, memberSchema] of Object.entries(schema.properties ?? {})) {
        if (present(name)) check(memberSchema, record[name], child(name), errors);
      }
      if (schema.values) {
        for (const [key, member] of Object.entries(record)) {
          if (member !== null && member !== undefined) check(schema.values, member, `${path}[${key}]`, errors);
        }
      }
      // Cross-field rules look only at which members are present, so they are safe to run even
      // when a member has the wrong shape.
      for (const rule of schema.rules ?? []) errors.push(...rule(record, path));
      return;
    }
  }
}
