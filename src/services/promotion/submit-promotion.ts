import type { Freight, Promotion } from "../../domain/types.js";
import { RESOURCES } from "../../kube/index.js";
import { recordEvent, type RecordEventDeps } from "../freight/record-event.js";
import { promotionCreatedEvent } from "./promotion-events.js";

/**
 * Creates a built Promotion and records its PromotionCreated Event (best effort). Returns the
 * Promotion as the API stored it.
 */
export async function submitPromotion(deps: RecordEventDeps, promotion: Promotion, freight: Freight, actor: string, signal: AbortSignal): Promise<Promotion> {
  const created = (await deps.kube.create(RESOURCES.promotions, promotion, { signal })) as Promotion;
  await recordEvent(deps, promotionCreatedEvent(created, freight, actor));
  return created;
}
