import type { ControllerLogger } from "../controller-logger.js";
import type { KargoClient } from "../kargo-client.js";

/** Options of createWarehouseDiscoverer. */
export interface WarehouseDiscovererOptions {
  client: KargoClient;
  logger: ControllerLogger;
}

/** Warehouse discovery (placeholder until written). */
export function createWarehouseDiscoverer(_options: WarehouseDiscovererOptions): { reconcile(): Promise<void> } {
  return { reconcile: async () => {} };
}
