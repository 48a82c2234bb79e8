import { promotionWindowStatusJson, type Stage } from "../../../domain/index.js";
import { jsonEqual } from "../../../util/json-equal.js";
import type { ControllerLogger } from "../controller-logger.js";
import type { KargoClient } from "../../../kube/object-clients.js";
import type { Wake } from "../wake.js";
import { loadPromotionWindows } from "./load-promotion-windows.js";

/** Options of createPromotionWindowReporter. */
export interface PromotionWindowReporterOptions {
  client: KargoClient;
  logger: ControllerLogger;
  /** Clock of promotion windows; default the system clock. */
  promotionWindowClock?: () => Date;
  /** Asks for a pass at each Stage's next window change. */
  wake?: Wake;
}

/**
 * Keeps every Stage's `status.promotionWindowStatus` — `state` (Open/Closed), `window`
 * (`<ProjectConfig|ClusterConfig>/<name>` deciding it), `reason`, `nextChange` (RFC 3339) — in
 * step with its promotion windows, patching only Stages whose value changed (and leaving it out
 * where no window applies). Kargo's Stage CRD
 * has no such field (Kargo OSS does not enforce windows); it is this server's addition.
 */
export function createPromotionWindowReporter(options: PromotionWindowReporterOptions): { reconcile(): Promise<void> } {
  const now = options.promotionWindowClock ?? (() => new Date());
  return {
    async reconcile() {
      const statusOf = await loadPromotionWindows(options.client);
      const at = now();
      for (const stage of await options.client.list<Stage>("stages")) {
        const status = statusOf(stage, at);
        if (status.nextChange !== undefined) options.wake?.(status.nextChange.getTime() - at.getTime());
        // A Stage no window applies to (always open, nothing will change) carries no status: no
        // write per Stage of every project that has no windows at all, and none of the conflicts
        // such writes cause for clients replacing the Stage.
        const value = status.state === "Open" && status.window === undefined && status.nextChange === undefined ? null : promotionWindowStatusJson(status);
        if (jsonEqual(stage.status?.["promotionWindowStatus"] ?? null, value)) continue;
        await options.client.patchStatus("stages", stage.metadata.namespace ?? "", stage.metadata.name ?? "", { promotionWindowStatus: value });
        options.logger.info(
          { project: stage.metadata.namespace, stage: stage.metadata.name, state: value?.state ?? "Open", window: value?.window },
          "promotion window status changed",
        );
      }
    },
  };
}
