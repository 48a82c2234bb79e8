import type { KubeObject } from "../../kube/index.js";

/**
 * A filter keeping Stages that request Freight from one of the named Warehouses (ListStages and
 * WatchStages `freight_origins`); undefined when no origin is named (keep all).
 */
export function requestsFromOrigins(origins: readonly string[]): ((stage: KubeObject) => boolean) | undefined {
  if (origins.length === 0) return undefined;
  const wanted = new Set(origins);
  return (stage) => {
    const requested = (stage["spec"] as { requestedFreight?: unknown } | undefined)?.requestedFreight;
    if (!Array.isArray(requested)) return false;
    return requested.some(
      (r: { origin?: { kind?: string; name?: string } }) => (r.origin?.kind ?? "Warehouse") === "Warehouse" && wanted.has(r.origin?.name ?? ""),
    );
  };
}
