import { CUSTOM_PROMOTION_STEP_SCHEMA } from "../../domain/validation/embedded/custom-promotion-step-schema.js";
import { invalid, typeInvalid, type FieldError } from "../../domain/validation/field-error.js";
import { validateSchema } from "../../domain/validation/validate-schema.js";
import { STEP_RUNNERS } from "../steps/step-runners.js";

/**
 * Checks an object of this server's own group (embedded.kargo.akuity.io) on create or update: a
 * CustomPromotionStep against its schema, and its name, which Stages use as `uses`, against the
 * built-in steps (a built-in step always wins, so a custom step of that name could never run).
 */
export function validateEmbeddedObject(resource: string, object: unknown): FieldError[] {
  if (resource !== "custompromotionsteps") return [];
  if (typeof object !== "object" || object === null || Array.isArray(object)) return [typeInvalid("", object, "object")];
  const errors = validateSchema(CUSTOM_PROMOTION_STEP_SCHEMA, object, "");
  const name = (object as { metadata?: { name?: unknown } }).metadata?.name;
  if (typeof name === "string" && STEP_RUNNERS.has(name)) errors.push(invalid("metadata.name", name, "is the name of a built-in promotion step"));
  return errors;
}
