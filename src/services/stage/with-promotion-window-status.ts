import { promotionWindowStatusJson, type Stage } from "../../domain/index.js";
import type { KubeObject } from "../../kube/index.js";
import { deepFreeze } from "../../util/deep-freeze.js";
import { promotionWindowStatusOf, type PromotionWindowDeps } from "../promotion/assert-promotion-window-open.js";

/**
 * Per cache object (one Stage version): the last Stage made from it and the window status it holds.
 * While the evaluated status stays the same (nearly always: it changes when a window opens or
 * closes), every reader gets that same frozen object, so toMessage's per-object memo and the
 * encode-once cache (issue 18) keep working: one message and one encoding per Stage version and
 * window status, not a conversion per Stage per call.
 */
const lastMade = new WeakMap<KubeObject, { readonly key: string; readonly stage: KubeObject }>();

/**
 * The Stage with `status.promotionWindowStatus` evaluated now from the caches, so Stages report
 * their windows in either mode (on a cluster nothing else writes the field) and `nextChange` is
 * never stale. The cache's object is not changed. For a cache object (frozen) the result is frozen
 * and shared while the evaluated status is unchanged (see lastMade); otherwise a fresh object.
 */
export async function withPromotionWindowStatus(deps: PromotionWindowDeps, stage: KubeObject): Promise<KubeObject> {
  const status = promotionWindowStatusJson(await promotionWindowStatusOf(deps, stage as Stage));
  if (!Object.isFrozen(stage)) return withStatus(stage, status);
  const key = JSON.stringify(status);
  const last = lastMade.get(stage);
  if (last !== undefined && last.key === key) return last.stage;
  const made = deepFreeze(withStatus(stage, status));
  lastMade.set(stage, { key, stage: made });
  return made;
}

function withStatus(stage: KubeObject, status: Record<string, string>): KubeObject {
  return { ...stage, status: { ...((stage["status"] as Record<string, unknown> | undefined) ?? {}), promotionWindowStatus: status } };
}
