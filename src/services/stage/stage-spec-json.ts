import { toJson, type JsonObject } from "@bufbuild/protobuf";
import { StageSpecSchema, type StageSpec } from "../../../gen/kargo/api/v1/stage_pb.js";

/** The top-level spec fields StageSpec models: the ones Create sets and Update replaces. */
export const OWNED_STAGE_SPEC_FIELDS = ["shard", "vars", "requestedFreight", "promotionTemplate", "verification"] as const;

/** The Kubernetes JSON of a requested spec; an origin without a kind is a Warehouse (the only kind). */
export function stageSpecJson(spec: StageSpec): JsonObject {
  const json = toJson(StageSpecSchema, spec) as JsonObject;
  for (const request of (json["requestedFreight"] ?? []) as JsonObject[]) {
    const origin = request["origin"] as JsonObject;
    origin["kind"] ??= "Warehouse";
  }
  return json;
}

/** The merge patch replacing the owned spec fields (`null` removes what the request leaves unset). */
export function stageSpecPatch(spec: StageSpec): { spec: Record<string, unknown> } {
  const json = stageSpecJson(spec);
  return { spec: Object.fromEntries(OWNED_STAGE_SPEC_FIELDS.map((field) => [field, json[field] ?? null])) };
}
