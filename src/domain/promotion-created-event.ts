import { promotionEventAnnotations } from "./freight-event-annotations.js";
import type { KargoEventInput } from "./kargo-event.js";
import type { Freight, Promotion } from "./types.js";
import { KARGO_API_VERSION } from "./well-known-keys.js";

/**
 * The PromotionCreated Event, `Promotion created for Stage "<s>" by "<actor>"` (Kargo records it in
 * its webhook). One definition for both recorders: the API server records it for the Promotions it
 * creates (PromoteToStage, PromoteDownstream, CreateResource), the embedded admission for those any
 * other client creates; each Promotion gets exactly one (the admission skips the control plane's own
 * writes). `freight` may be unknown (a Promotion of missing Freight is refused later).
 */
export function promotionCreatedEvent(promotion: Promotion, freight: Freight | undefined, actor: string): KargoEventInput {
  return {
    reason: "PromotionCreated",
    // List items may lack apiVersion and kind; an Event's involvedObject needs them.
    involvedObject: { ...promotion, apiVersion: KARGO_API_VERSION, kind: "Promotion" },
    message: `Promotion created for Stage "${promotion.spec.stage}" by "${actor}"`,
    annotations: promotionEventAnnotations(promotion, freight),
    actor,
  };
}
