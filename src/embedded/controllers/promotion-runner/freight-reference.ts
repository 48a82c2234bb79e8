import { createHash } from "node:crypto";
import { originKey } from "../../../domain/same-origin.js";
import type { Freight, FreightCollection } from "../../../domain/types.js";

/** A FreightReference (Promotion `status.freight`, Stage `lastPromotion.freight`, collection items). */
export function freightReference(freight: Freight): Record<string, unknown> {
  return {
    name: freight.metadata.name,
    origin: freight.origin,
    ...(freight.commits?.length ? { commits: freight.commits } : {}),
    ...(freight.images?.length ? { images: freight.images } : {}),
    ...(freight.charts?.length ? { charts: freight.charts } : {}),
    ...(freight.artifacts?.length ? { artifacts: freight.artifacts } : {}),
  };
}

/**
 * The Stage's next FreightCollection: its current one (freightHistory[0]) with the promoted
 * Freight in its origin's slot, no verification yet, and an ID derived from the Freight names it
 * holds (as Kargo's `UpdateOrPush`, so equal contents give equal IDs).
 */
export function nextFreightCollection(current: FreightCollection | undefined, freight: Freight): FreightCollection {
  const items = { ...(current?.items ?? {}), [originKey(freight.origin)]: freightReference(freight) };
  const names = Object.keys(items)
    .sort()
    .map((key) => `${key}:${String(items[key]?.name ?? "")}`);
  return { id: createHash("sha1").update(names.join(",")).digest("hex"), items, verificationHistory: [] };
}
