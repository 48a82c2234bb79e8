import { typeInvalid, type FieldError } from "./field-error.js";
import { ROLLOUTS_SCHEMAS } from "./rollouts/analysis-schema.js";
import { validateSchema } from "./validate-schema.js";

/**
 * Checks an Argo Rollouts analysis object (argoproj.io AnalysisTemplate, ClusterAnalysisTemplate,
 * AnalysisRun) on create or update against the types of the fields the embedded analysis
 * controller uses, as Kubernetes' structural validation would against Argo Rollouts' CRDs.
 */
export function validateRolloutsObject(resource: string, object: unknown): FieldError[] {
  const schema = ROLLOUTS_SCHEMAS[resource];
  if (schema === undefined) return [];
  if (typeof object !== "object" || object === null || Array.isArray(object)) return [typeInvalid("", object, "object")];
  return validateSchema(schema, object, "");
}
