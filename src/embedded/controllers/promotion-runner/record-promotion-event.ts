import { promotionEventAnnotations } from "../../../domain/freight-event-annotations.js";
import { kargoEvent } from "../../../domain/kargo-event.js";
import type { Freight, Promotion } from "../../../domain/types.js";
import { KARGO_API_VERSION } from "../../../domain/well-known-keys.js";
import type { KargoClient } from "../../../kube/object-clients.js";
import type { ControllerLogger } from "../controller-logger.js";

/**
 * Records the Event of a Promotion's end (PromotionSucceeded, Failed, Errored, Aborted) as Kargo's
 * promotion controller does; the promotion runner is the one recorder of these. Best effort, as
 * client-go's recorder: a failure is logged, never fails the promotion.
 */
export async function recordPromotionEvent(
  client: KargoClient,
  logger: ControllerLogger,
  promotion: Promotion,
  outcome: "Succeeded" | "Failed" | "Errored" | "Aborted",
  message: string,
  options: { freight?: Freight | undefined; now?: Date } = {},
): Promise<void> {
  const namespace = promotion.metadata.namespace ?? "";
  await client
    .createEvent(
      namespace,
      kargoEvent({
        reason: `Promotion${outcome}`,
        involvedObject: { apiVersion: KARGO_API_VERSION, kind: "Promotion", ...promotion },
        message,
        annotations: promotionEventAnnotations(promotion, options.freight),
        component: "promotion-controller",
        ...(options.now ? { now: options.now } : {}),
      }),
    )
    .catch((error: unknown) => logger.warn({ err: error, promotion: `${namespace}/${promotion.metadata.name}` }, "cannot record promotion event"));
}
