import { isFreightAvailableToStage } from "../../domain/is-freight-available-to-stage.js";
import type { Freight, Stage } from "../../domain/types.js";
import type { KubeObject } from "../../kube/index.js";

/** What QueryFreight and WatchFreight select Freight by. */
export interface FreightFilterOptions {
  /** Only Freight available to this Stage (then `origins` is ignored). */
  stage?: KubeObject | undefined;
  /** Only Freight from these Warehouses (when non-empty). */
  origins?: readonly string[];
  /** The time soak rules are judged at. */
  now: Date;
}

/**
 * The selection of QueryFreight and WatchFreight. By Stage it is exactly PromoteToStage's rule
 * (isFreightAvailableToStage: origin requested, approved, direct, or verified and soaked
 * upstream), so what a client lists is what it can promote; Kargo's query computed its own
 * variant (see docs/api-behaviour.md). By origins: Freight of kind Warehouse with a listed name.
 */
export function freightFilter(options: FreightFilterOptions): ((object: KubeObject) => boolean) | undefined {
  const { stage, origins = [], now } = options;
  if (stage !== undefined) return (object) => isFreightAvailableToStage(object as Freight, stage as Stage, now).available;
  if (origins.length > 0) {
    const names = new Set(origins);
    return (object) => {
      const origin = (object as Freight).origin;
      return origin?.kind === "Warehouse" && names.has(origin.name);
    };
  }
  return undefined;
}
