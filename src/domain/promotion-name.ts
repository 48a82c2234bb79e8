import { monotonicFactory } from "ulid";

/** Kubernetes' limit on object names (DNS subdomain). */
const MAX_NAME_LENGTH = 253;
/** Characters of the Freight name kept at the end of a Promotion name. */
const SHORT_FREIGHT_LENGTH = 7;
const ULID_LENGTH = 26;
/** Room left for the Stage part: 253 − "." − ULID − "." − 7. */
const MAX_STAGE_PART = MAX_NAME_LENGTH - 1 - ULID_LENGTH - 1 - SHORT_FREIGHT_LENGTH;

// Monotonic within one process, so Promotions created in the same millisecond for the same Stage
// still sort by creation order (Kargo lists a Stage's Promotions by name to find the newest).
const nextUlid = monotonicFactory();

/**
 * The name Kargo's webhook gives every Promotion: `<stage>.<ULID>.<first 7 of freight>`, lower-
 * cased, the Stage part cut to 218 characters so the whole fits Kubernetes' 253-character limit.
 * The ULID carries `now` as its time, so names of one Stage sort by creation time.
 */
export function promotionName(stage: string, freight: string, now: Date = new Date()): string {
  const parts = [stage.slice(0, MAX_STAGE_PART), nextUlid(now.getTime()), freight.slice(0, SHORT_FREIGHT_LENGTH)];
  return parts.join(".").toLowerCase();
}
