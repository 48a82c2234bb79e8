import { typeInvalid, type FieldError } from "./field-error.js";
import { kargoSchemaOf } from "./kargo-schemas.js";
import { validateSchema } from "./validate-schema.js";

/**
 * Checks a Kargo object on create or update the way Kubernetes' structural validation checks it
 * against the Kargo v1.11 CRDs: required fields, types, enums, lengths, patterns and the CRDs'
 * CEL rules (exactly one of stage/stageSelector, freight/origin, uses/task …), plus the checks
 * Kargo's webhook makes on Warehouse subscriptions and Stage sources. Run it after defaulting
 * (`applyKargoDefaults`) and mutating admission, as Kubernetes does; fields that have a default
 * are never reported missing.
 *
 * `metadata` is not checked here (see `validateObjectMeta`). Unknown fields are NOT rejected:
 * Kubernetes would prune them, but our store keeps them so that Kargo controllers of newer
 * versions, whose objects carry fields this version does not know, keep working against it.
 *
 * @param resource the plural resource name, e.g. "stages"; other resources have no checks here.
 * @returns every problem found, empty when the object is valid.
 */
export function validateKargoObject(resource: string, object: unknown): FieldError[] {
  const schema = kargoSchemaOf(resource);
  if (schema === undefined) return [];
  if (typeof object !== "object" || object === null || Array.isArray(object)) return [typeInvalid("", object, "object")];
  return validateSchema(schema, object, "");
}
