import type { FieldError } from "./field-error.js";

/**
 * A compact description of a structural schema — our own, written for the checks Kubernetes'
 * CRD validation makes — with builder functions so the Kargo kinds read like their CRDs.
 * Unknown members are never reported (see validate-kargo-object.ts for why).
 */
export type Schema = StringSchema | BooleanSchema | IntegerSchema | ObjectSchema | ArraySchema | AnySchema;

/** A cross-field check (what a CRD expresses with x-kubernetes-validations CEL rules). */
export type Rule = (value: Record<string, unknown>, path: string) => FieldError[];

interface Common {
  /** Filled in by defaulting when the member is absent; a required member with a default is never missing. */
  readonly default?: unknown;
}

/** A string, optionally limited by an enum, lengths, a pattern or a format. */
export interface StringSchema extends Common {
  readonly type: "string";
  readonly enum?: readonly string[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: RegExp;
  /** What the pattern means, for the message (the pattern itself when absent). */
  readonly patternHint?: string;
  /** `go-duration`: a duration Go's `time.ParseDuration` reads into its int64 nanoseconds (as `metav1.Duration` decodes). */
  readonly format?: "date-time" | "email" | "go-duration";
}

/** A boolean. */
export interface BooleanSchema extends Common {
  readonly type: "boolean";
}

/** An integer (JSON numbers without a fraction). */
export interface IntegerSchema extends Common {
  readonly type: "integer";
  readonly format?: "int32" | "int64";
  readonly minimum?: number;
}

/** An object: known members, required members, map values, and cross-field rules. */
export interface ObjectSchema extends Common {
  readonly type: "object";
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  /** Schema of every member when the object is a map (`additionalProperties`). */
  readonly values?: Schema;
  readonly rules?: readonly Rule[];
}

/** A list of items of one schema. */
export interface ArraySchema extends Common {
  readonly type: "array";
  readonly items: Schema;
  readonly minItems?: number;
  readonly maxItems?: number;
  /** `x-kubernetes-list-type: set`: each item at most once. */
  readonly set?: boolean;
}

/** Anything goes (`x-kubernetes-preserve-unknown-fields` without a type). */
export interface AnySchema extends Common {
  readonly type: "any";
}

/** A string. */
export const str = (options: Omit<StringSchema, "type"> = {}): StringSchema => ({ type: "string", ...options });
/** A boolean. */
export const bool = (): BooleanSchema => ({ type: "boolean" });
/** An integer. */
export const int = (options: Omit<IntegerSchema, "type"> = {}): IntegerSchema => ({ type: "integer", ...options });
/** Any JSON value. */
export const any = (): AnySchema => ({ type: "any" });
/** An object with known members. */
export const obj = (properties: Readonly<Record<string, Schema>>, options: Omit<ObjectSchema, "type" | "properties"> = {}): ObjectSchema => ({
  type: "object",
  properties,
  ...options,
});
/** A map from string keys to values of one schema. */
export const map = (values: Schema): ObjectSchema => ({ type: "object", values });
/** A list. */
export const arr = (items: Schema, options: Omit<ArraySchema, "type" | "items"> = {}): ArraySchema => ({ type: "array", items, ...options });
