import { kargoEvent } from "../../domain/kargo-event.js";
import { promotionEventAnnotations } from "../../domain/freight-event-annotations.js";
import type { Freight, Promotion } from "../../domain/types.js";
import { KARGO_API_VERSION } from "../../domain/well-known-keys.js";
import type { KubeObject } from "../../kube/index.js";

/** The PromotionCreated Event: `Promotion created for Stage "<s>" by "<actor>"`, as Kargo records it. */
export function promotionCreatedEvent(promotion: Promotion, freight: Freight, actor: string): KubeObject {
  return kargoEvent({
    reason: "PromotionCreated",
    involvedObject: { ...promotion, apiVersion: KARGO_API_VERSION, kind: "Promotion" },
    message: `Promotion created for Stage "${promotion.spec.stage}" by "${actor}"`,
    annotations: promotionEventAnnotations(promotion, freight),
    actor,
  });
}
