import { originKey, stepAlias, type Stage } from "../../domain/index.js";
import { invalid, type StatusCause } from "../api/api-error.js";
import type { ResourceType } from "../resources/resource-types.js";
import type { KubeObject } from "../store/types.js";

// Kargo reserves the aliases it gives unnamed steps (step-<n>) and tasks (task-<n>).
const RESERVED_ALIAS = /^(?:step|task)-\d+$/u;

/**
 * Kargo's Stage validating webhook beyond the CRD schema: each origin requested once, a Stage
 * never its own upstream, and promotion step aliases (`as`) unique and not of the reserved form
 * `step-<n>`/`task-<n>` (they name steps' outputs, so a clash would make outputs ambiguous).
 */
export function validateStage(type: ResourceType, object: KubeObject): void {
  const stage = object as Stage & KubeObject;
  const name = stage.metadata.name ?? "";
  const causes: StatusCause[] = [];
  const origins = new Set<string>();
  (stage.spec?.requestedFreight ?? []).forEach((request, i) => {
    const key = originKey(request.origin);
    if (origins.has(key)) causes.push({ field: `spec.requestedFreight[${i}].origin`, reason: "FieldValueDuplicate", message: `Duplicate value: "${key}"` });
    origins.add(key);
    if ((request.sources?.stages ?? []).includes(name)) {
      causes.push({
        field: `spec.requestedFreight[${i}].sources.stages`,
        reason: "FieldValueInvalid",
        message: `Invalid value: "${name}": a Stage cannot request Freight from itself`,
      });
    }
  });
  const aliases = new Set<string>();
  (stage.spec?.promotionTemplate?.spec?.steps ?? []).forEach((step, i) => {
    const field = `spec.promotionTemplate.spec.steps[${i}].as`;
    if (step.as && RESERVED_ALIAS.test(step.as)) {
      causes.push({ field, reason: "FieldValueInvalid", message: `Invalid value: "${step.as}": step aliases of the form step-<n> or task-<n> are reserved` });
    }
    const alias = stepAlias(step, i);
    if (aliases.has(alias)) causes.push({ field, reason: "FieldValueDuplicate", message: `Duplicate value: "${alias}"` });
    aliases.add(alias);
  });
  if (causes.length > 0) throw invalid(type, name, causes);
}
