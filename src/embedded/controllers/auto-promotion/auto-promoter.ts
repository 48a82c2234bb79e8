import type { ControllerLogger } from "../controller-logger.js";
import type { KargoClient } from "../kargo-client.js";

/** Options of createAutoPromoter. */
export interface AutoPromoterOptions {
  client: KargoClient;
  logger: ControllerLogger;
}

/** Auto-promotion (placeholder until written). */
export function createAutoPromoter(_options: AutoPromoterOptions): { reconcile(): Promise<void> } {
  return { reconcile: async () => {} };
}
