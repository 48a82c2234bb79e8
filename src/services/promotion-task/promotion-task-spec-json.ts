import { toJson, type JsonObject } from "@bufbuild/protobuf";
import { PromotionTaskSpecSchema, type PromotionTaskSpec } from "../../../gen/kargo/api/v1/promotion_task_pb.js";
import { validateKargoObject } from "../../domain/validation/index.js";
import { invalidFields } from "../../errors/invalid-fields.js";
import { requireMessage } from "../common/index.js";

/** The spec fields PromotionTaskSpec models: the ones Create sets and Update replaces. */
export const OWNED_TASK_SPEC_FIELDS = ["vars", "steps"] as const;

/**
 * The Kubernetes JSON of a requested (Cluster)PromotionTask spec, checked with the schema the
 * embedded admission checks these kinds with (validateKargoObject: at least one step, each
 * `uses` a step runner and never references another task, variable names are identifiers …),
 * so a bad spec is INVALID_ARGUMENT naming each field before anything is written — in
 * Kubernetes mode too, where Kargo's CRD would refuse the same spec less precisely. One set of
 * rules: a change to the admission schema changes this RPC with it.
 */
export function promotionTaskSpecJson(spec: PromotionTaskSpec | undefined): JsonObject {
  const json = toJson(PromotionTaskSpecSchema, requireMessage(spec, "spec")) as JsonObject;
  // Both kinds share one schema (kargo-schemas.ts), so the namespaced one checks either.
  const problems = validateKargoObject("promotiontasks", { spec: json });
  if (problems.length > 0) throw invalidFields(problems.map((p) => ({ field: p.field, description: p.message })));
  return json;
}

/** The merge patch replacing the owned spec fields (`null` removes one the request leaves unset). */
export function promotionTaskSpecPatch(json: JsonObject): { spec: Record<string, unknown> } {
  return { spec: Object.fromEntries(OWNED_TASK_SPEC_FIELDS.map((field) => [field, json[field] ?? null])) };
}
