import type { Freight, Promotion, Stage } from "../../domain/types.js";
import { assertPromotionWindowOpen, type PromotionWindowDeps } from "./assert-promotion-window-open.js";
import { RESOURCES } from "../../kube/index.js";
import { recordEvent, type RecordEventDeps } from "../freight/record-event.js";
import { kargoEvent } from "../../domain/kargo-event.js";
import { promotionCreatedEvent } from "../../domain/promotion-created-event.js";

/**
 * Creates a built Promotion and records its PromotionCreated Event (best effort). Returns the
 * Promotion as the API stored it. Refused with FAILED_PRECONDITION while the Stage's promotion
 * windows are closed.
 */
export async function submitPromotion(
  deps: RecordEventDeps & PromotionWindowDeps,
  promotion: Promotion,
  freight: Freight,
  actor: string,
  signal: AbortSignal,
): Promise<Promotion> {
  const stage = deps.caches.cache(RESOURCES.stages).get(promotion.metadata.namespace, promotion.spec.stage) as Stage | undefined;
  if (stage) await assertPromotionWindowOpen(deps, stage);
  const created = (await deps.kube.create(RESOURCES.promotions, promotion, { signal })) as Promotion;
  await recordEvent(deps, kargoEvent(promotionCreatedEvent(created, freight, actor)));
  return created;
}
