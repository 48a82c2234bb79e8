import type { Freight, Promotion } from "./types.js";

/**
 * The Freight half of Kargo's Event annotations (short keys, see kargoEvent): `freight-name`,
 * `freight-alias`, `freight-create-time`, `freight-warehouse-name` (origin name) and, when present,
 * `freight-commits`, `freight-images`, `freight-charts`, `freight-artifacts` as JSON arrays.
 */
export function freightEventAnnotations(freight: Freight): Record<string, string> {
  const annotations: Record<string, string> = { "freight-name": freight.metadata.name ?? "" };
  if (freight.alias) annotations["freight-alias"] = freight.alias;
  if (freight.metadata.creationTimestamp) annotations["freight-create-time"] = freight.metadata.creationTimestamp;
  if (freight.origin?.name) annotations["freight-warehouse-name"] = freight.origin.name;
  for (const key of ["commits", "images", "charts", "artifacts"] as const) {
    const list = freight[key];
    if (list && list.length > 0) annotations[`freight-${key}`] = JSON.stringify(list);
  }
  return annotations;
}

/**
 * Annotations of a Promotion Event (PromotionCreated and the outcome Events): `promotion-name`,
 * `promotion-create-time`, `stage-name`, plus the Freight's (freightEventAnnotations) when the
 * Freight is known, else just `freight-name` from the spec.
 */
export function promotionEventAnnotations(promotion: Promotion, freight?: Freight): Record<string, string> {
  return {
    "promotion-name": promotion.metadata.name ?? "",
    ...(promotion.metadata.creationTimestamp ? { "promotion-create-time": promotion.metadata.creationTimestamp } : {}),
    "stage-name": promotion.spec.stage,
    ...(freight ? freightEventAnnotations(freight) : { "freight-name": promotion.spec.freight }),
  };
}
