import { isFreightAvailableToStage } from "./is-freight-available-to-stage.js";
import { sameOrigin } from "./same-origin.js";
import type { Freight, FreightOrigin, Stage } from "./types.js";

/**
 * The newest Freight (discovery time, else creation time; name breaks ties) of an origin that is
 * available to the Stage (isFreightAvailableToStage), or undefined. The one choice of "the Freight
 * to promote from an origin": auto-promotion makes it, and PromoteToStage by origin makes the same.
 */
export function newestAvailableFreight(freights: readonly Freight[], stage: Stage, origin: FreightOrigin | undefined, now: Date): Freight | undefined {
  const time = (freight: Freight) => freight.discoveredAt ?? freight.metadata.creationTimestamp ?? "";
  return freights
    .filter((freight) => sameOrigin(freight.origin, origin))
    .sort((a, b) => time(b).localeCompare(time(a)) || (b.metadata.name ?? "").localeCompare(a.metadata.name ?? ""))
    .find((freight) => isFreightAvailableToStage(freight, stage, now).available);
}
