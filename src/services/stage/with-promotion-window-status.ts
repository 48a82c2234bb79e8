import { promotionWindowStatusJson, type Stage } from "../../domain/index.js";
import type { KubeObject } from "../../kube/index.js";
import { promotionWindowStatusOf, type PromotionWindowDeps } from "../promotion/assert-promotion-window-open.js";

/**
 * The Stage with `status.promotionWindowStatus` evaluated now from the caches, so Stages report
 * their windows in either mode (on a cluster nothing else writes the field) and `nextChange` is
 * never stale. The cache's object is not changed.
 */
export async function withPromotionWindowStatus(deps: PromotionWindowDeps, stage: KubeObject): Promise<KubeObject> {
  const status = promotionWindowStatusJson(await promotionWindowStatusOf(deps, stage as Stage));
  return { ...stage, status: { ...((stage["status"] as Record<string, unknown> | undefined) ?? {}), promotionWindowStatus: status } };
}
