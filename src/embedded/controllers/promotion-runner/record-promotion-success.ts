import { freightSoakTime } from "../../../domain/freight-soak-time.js";
import { parseGoDuration } from "../../../domain/parse-go-duration.js";
import { originKey } from "../../../domain/same-origin.js";
import type { Freight, Promotion, Stage } from "../../../domain/types.js";
import type { KargoClient } from "../../../kube/object-clients.js";
import { formatGoDuration } from "../../../domain/format-go-duration.js";
import { freightReference, nextFreightCollection } from "./freight-reference.js";
import { rfc3339 } from "../../../util/rfc3339.js";

/** Kargo keeps the ten newest FreightCollections in a Stage's history. */
export const FREIGHT_HISTORY_LIMIT = 10;

/**
 * What a successful promotion changes besides the Promotion, as Kargo's Stage reconciler would:
 * - the Stage: a new FreightCollection at `freightHistory[0]` (bounded), `lastPromotion`, no
 *   `currentPromotion`, `health` Healthy (no health checks run here), `freightSummary`;
 * - the promoted Freight: `currentlyIn[stage].since` and — for a Stage without verification, which
 *   Kargo counts as verified at once — `verifiedIn[stage].verifiedAt`;
 * - the Freight it replaces in that Stage: no longer `currentlyIn` it, its `longestSoak` there kept.
 */
export async function recordPromotionSuccess(client: KargoClient, promotion: Promotion, stage: Stage, freight: Freight, now: Date): Promise<void> {
  const namespace = promotion.metadata.namespace ?? "";
  const stageName = stage.metadata.name ?? "";
  const history = stage.status?.freightHistory ?? [];
  const previousName = history[0]?.items?.[originKey(freight.origin)]?.name;
  const time = rfc3339(now);

  if (previousName && previousName !== freight.metadata.name) {
    const previous = await client.get<Freight>("freights", namespace, previousName);
    if (previous?.status?.currentlyIn?.[stageName]) {
      const verified = previous.status.verifiedIn?.[stageName];
      const soak = freightSoakTime(previous, stageName, now);
      const recorded = verified?.longestSoak ? (parseGoDuration(verified.longestSoak) ?? 0) : 0;
      await client.patchStatus("freights", namespace, previousName, {
        currentlyIn: { [stageName]: null },
        ...(verified ? { verifiedIn: { [stageName]: { longestSoak: formatGoDuration(Math.max(soak, recorded)) } } } : {}),
      });
    }
  }

  const hasVerification = ((stage.spec?.["verification"] as { analysisTemplates?: unknown[] } | undefined)?.analysisTemplates ?? []).length > 0;
  await client.patchStatus("freights", namespace, freight.metadata.name ?? "", {
    currentlyIn: { [stageName]: { since: time } },
    ...(hasVerification || freight.status?.verifiedIn?.[stageName] ? {} : { verifiedIn: { [stageName]: { verifiedAt: time } } }),
  });

  const collection = nextFreightCollection(history[0], freight);
  await client.patchStatus("stages", namespace, stageName, {
    freightHistory: [collection, ...history].slice(0, FREIGHT_HISTORY_LIMIT),
    freightSummary: freight.alias ?? freight.metadata.name,
    health: { status: "Healthy" },
    currentPromotion: null,
    lastPromotion: {
      name: promotion.metadata.name,
      freight: freightReference(freight),
      status: promotion.status,
      finishedAt: (promotion.status?.["finishedAt"] as string | undefined) ?? time,
    },
  });
}
