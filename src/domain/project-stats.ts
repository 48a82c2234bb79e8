import type { KubeObject } from "./types.js";

/** Project `status.stats`, as the Project CRD defines it. */
export interface ProjectStats {
  warehouses: { count: number; health: { healthy: number } };
  stages: { count: number; health: { healthy: number } };
}

/**
 * A project's `status.stats` from its Stages and Warehouses: counts, and how many are healthy — a
 * Stage whose `status.health.status` is "Healthy" (what a successful promotion and its health
 * checks record), a Warehouse whose `Healthy` condition is "True" (its last discovery worked).
 * Objects being deleted still count until they are gone, as the API still serves them.
 */
export function projectStats(stages: readonly KubeObject[], warehouses: readonly KubeObject[]): ProjectStats {
  const stageHealthy = stages.filter((s) => (s["status"] as { health?: { status?: unknown } } | undefined)?.health?.status === "Healthy").length;
  const warehouseHealthy = warehouses.filter((w) =>
    ((w["status"] as { conditions?: { type?: unknown; status?: unknown }[] } | undefined)?.conditions ?? []).some(
      (c) => c.type === "Healthy" && c.status === "True",
    ),
  ).length;
  return {
    warehouses: { count: warehouses.length, health: { healthy: warehouseHealthy } },
    stages: { count: stages.length, health: { healthy: stageHealthy } },
  };
}
