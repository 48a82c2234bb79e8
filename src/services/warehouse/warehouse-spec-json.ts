import { toJson, type JsonObject } from "@bufbuild/protobuf";
import { WarehouseSpecSchema, type WarehouseSpec } from "../../../gen/kargo/api/v1/warehouse_pb.js";

/** The top-level spec fields WarehouseSpec models: the ones Create sets and Update replaces. */
export const OWNED_WAREHOUSE_SPEC_FIELDS = ["shard", "interval", "freightCreationPolicy", "subscriptions", "freightCreationCriteria"] as const;

/**
 * The Kubernetes JSON of a requested spec. The interval is required by the CRD with a default
 * of "5m0s"; it is filled in here so that a replacement without one is not left without it.
 */
export function warehouseSpecJson(spec: WarehouseSpec): JsonObject {
  const json = toJson(WarehouseSpecSchema, spec) as JsonObject;
  json["interval"] ??= "5m0s";
  return json;
}

/**
 * The merge patch that replaces the owned spec fields (`null` removes one the request leaves
 * unset) and leaves every other spec field, metadata and status as stored.
 */
export function warehouseSpecPatch(spec: WarehouseSpec): { spec: Record<string, unknown> } {
  const json = warehouseSpecJson(spec);
  return { spec: Object.fromEntries(OWNED_WAREHOUSE_SPEC_FIELDS.map((field) => [field, json[field] ?? null])) };
}
