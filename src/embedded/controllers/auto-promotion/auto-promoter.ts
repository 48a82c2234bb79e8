import { freightSoakTime } from "../../../domain/freight-soak-time.js";
import { newestAvailableFreight } from "../../../domain/newest-available-freight.js";
import { parseGoDuration } from "../../../domain/parse-go-duration.js";
import { sameOrigin } from "../../../domain/same-origin.js";
import { originKey } from "../../../domain/same-origin.js";
import type { Freight, FreightRequest, KubeObject, Promotion, Stage } from "../../../domain/types.js";
import type { ControllerLogger } from "../controller-logger.js";
import type { KargoClient } from "../../../kube/object-clients.js";
import { loadPromotionWindows } from "../promotion-windows/load-promotion-windows.js";
import type { Wake } from "../wake.js";
import { policyForStage, type PromotionPolicy } from "./policy-for-stage.js";

/** Options of createAutoPromoter. */
export interface AutoPromoterOptions {
  client: KargoClient;
  logger: ControllerLogger;
  now?: () => Date;
  /** Clock of promotion windows; default the system clock. */
  promotionWindowClock?: () => Date;
  /** Asks for a pass when Freight verified upstream will have soaked its `requiredSoakTime`. */
  wake?: Wake;
}

/**
 * Auto-promotion, as Kargo's Stage reconciler does it: for every Stage whose ProjectConfig
 * promotion policy (by name or selector) has `autoPromotionEnabled`, and that has promotion steps,
 * and for each origin it requests, the newest Freight available to it (isFreightAvailableToStage:
 * direct, approved, or verified upstream) is promoted unless it is already the Stage's current
 * Freight or a Promotion of it into the Stage exists (in any phase — one auto promotion per
 * Stage and Freight, so a failed one is not retried in a loop). The Promotion is created through
 * the API with only `spec.stage` and `spec.freight`, exactly as PromoteToStage creates one: the
 * admission names it and copies the Stage's steps. Nothing is created while the Stage's promotion
 * windows are closed. Also keeps `status.autoPromotionEnabled`.
 */
export function createAutoPromoter(options: AutoPromoterOptions): { reconcile(): Promise<void> } {
  const { client, logger } = options;
  const now = options.now ?? (() => new Date());
  const windowClock = options.promotionWindowClock ?? (() => new Date());
  return {
    async reconcile() {
      const configs = await client.list<KubeObject>("projectconfigs");
      const windowStatus = await loadPromotionWindows(client);
      for (const config of configs) {
        const namespace = config.metadata.namespace ?? config.metadata.name ?? "";
        const policies = (config["spec"] as { promotionPolicies?: PromotionPolicy[] } | undefined)?.promotionPolicies ?? [];
        const stages = await client.list<Stage>("stages", namespace);
        if (stages.length === 0) continue;
        let freights: readonly Freight[] | undefined;
        let promotions: readonly Promotion[] | undefined;
        // What this pass created, by Stage and Freight: the listed Promotions are a frozen snapshot
        // the client shares across passes, so they are not appended to.
        const created = new Set<string>();
        for (const stage of stages) {
          const enabled = policyForStage(policies, stage)?.autoPromotionEnabled === true;
          if ((stage.status?.["autoPromotionEnabled"] ?? false) !== enabled) {
            await client.patchStatus("stages", namespace, stage.metadata.name ?? "", { autoPromotionEnabled: enabled });
          }
          if (!enabled || (stage.spec?.promotionTemplate?.spec?.steps ?? []).length === 0) continue;
          // A closed window holds auto-promotion; a later pass, once it reopens, promotes the
          // newest eligible Freight only (Freight that arrived meanwhile is skipped).
          if (windowStatus(stage, windowClock()).state === "Closed") continue;
          freights ??= await client.list<Freight>("freights", namespace);
          // A copy: listed items may be the client's frozen cache, and this pass adds to it.
          promotions ??= [...(await client.list<Promotion>("promotions", namespace))];
          for (const request of stage.spec?.requestedFreight ?? []) {
            const soakLeft = soakLeftMs(freights, request, now());
            if (soakLeft !== undefined) options.wake?.(soakLeft);
            const candidate = newestAvailableFreight(freights, stage, request.origin, now());
            if (!candidate) continue;
            const current = stage.status?.freightHistory?.[0]?.items?.[originKey(request.origin)]?.name;
            if (current === candidate.metadata.name) continue;
            const stageName = stage.metadata.name ?? "";
            const key = JSON.stringify([stageName, candidate.metadata.name]);
            if (created.has(key) || promotions.some((p) => p.spec.stage === stageName && p.spec.freight === candidate.metadata.name)) continue;
            const promotion = await client.create<Promotion>("promotions", namespace, {
              apiVersion: "kargo.akuity.io/v1alpha1",
              kind: "Promotion",
              metadata: { generateName: `${stageName}-`, namespace },
              spec: { stage: stageName, freight: candidate.metadata.name },
            });
            created.add(key);
            logger.info(
              { project: namespace, stage: stageName, freight: candidate.metadata.name, promotion: promotion.metadata.name },
              "auto-promotion created a promotion",
            );
          }
        }
      }
    },
  };
}

/**
 * The shortest time until Freight of the request's origin, verified in one of its upstream Stages
 * but not yet soaked there for `requiredSoakTime`, has soaked (nothing else about availability
 * changes with time alone); undefined when none is waiting.
 */
function soakLeftMs(freights: readonly Freight[], request: FreightRequest, now: Date): number | undefined {
  const required = request.sources?.requiredSoakTime ? (parseGoDuration(request.sources.requiredSoakTime) ?? 0) : 0;
  if (required <= 0) return undefined;
  let left: number | undefined;
  for (const freight of freights) {
    if (!sameOrigin(request.origin, freight.origin)) continue;
    for (const upstream of request.sources?.stages ?? []) {
      if (freight.status?.verifiedIn?.[upstream] === undefined) continue;
      const remaining = required - freightSoakTime(freight, upstream, now);
      if (remaining > 0) left = Math.min(left ?? remaining, remaining);
    }
  }
  return left;
}
