import { parseGoDuration } from "./parse-go-duration.js";
import type { Freight } from "./types.js";

/**
 * How long Freight has soaked in a Stage, in milliseconds, as Kargo v1.11 counts it
 * (`GetLongestSoak`): 0 unless the Freight is verified in the Stage; otherwise the longer of its
 * longest completed stay (`status.verifiedIn[stage].longestSoak`) and its current stay
 * (`now − status.currentlyIn[stage].since`). Soak is time spent in the Stage, not time since
 * verification: Freight that left the Stage keeps only its longest completed stay.
 */
export function freightSoakTime(freight: Freight, stage: string, now: Date): number {
  const verified = freight.status?.verifiedIn?.[stage];
  if (verified === undefined) return 0;
  const completed = verified.longestSoak !== undefined ? (parseGoDuration(verified.longestSoak) ?? 0) : 0;
  const since = freight.status?.currentlyIn?.[stage]?.since;
  const sinceMs = since !== undefined ? Date.parse(since) : Number.NaN;
  const current = Number.isNaN(sinceMs) ? 0 : Math.max(0, now.getTime() - sinceMs);
  return Math.max(completed, current);
}
