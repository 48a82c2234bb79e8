import { freightSoakTime } from "./freight-soak-time.js";
import { parseGoDuration } from "./parse-go-duration.js";
import { originKey, sameOrigin } from "./same-origin.js";
import type { Freight, FreightRequest, Stage } from "./types.js";

/** Why Freight is, or is not, available to a Stage. */
export type FreightAvailability =
  | { available: true; rule: "approved" | "direct" | "verified-upstream" }
  | {
      available: false;
      rule: "namespace" | "origin" | "not-verified" | "not-soaked";
      /** A sentence naming the Stage, the Freight and the rule, for FAILED_PRECONDITION messages. */
      reason: string;
    };

/**
 * Whether Freight may be promoted into a Stage (Kargo v1.11
 * `IsFreightAvailable`). The Freight must be in the Stage's namespace and its origin must be
 * requested by the Stage (a `requestedFreight` entry with an equal origin); then it is available
 * when any of:
 * 1. it is approved for the Stage (`status.approvedFor[stage]`);
 * 2. the request takes Freight straight from the origin (`sources.direct`);
 * 3. it is verified in the upstream Stages of `sources.stages` — every one of them when
 *    `availabilityStrategy` is `All`, at least one otherwise (`OneOf`, the default) — and has
 *    soaked in each such Stage for `requiredSoakTime` (see freightSoakTime).
 *
 * Two deliberate differences from Kargo: approval counts only when the Stage requests the
 * Freight's origin (Kargo's webhook accepts approval alone, though ApproveFreight refuses to
 * approve for a Stage that does not request the origin); and `All` over an empty `stages` list
 * makes nothing available (Kargo's loop would vacuously accept everything).
 */
export function isFreightAvailableToStage(freight: Freight, stage: Stage, now: Date): FreightAvailability {
  const freightName = freight.metadata.name ?? "";
  const stageName = stage.metadata.name ?? "";
  const what = `Freight "${freightName}" is not available to Stage "${stageName}"`;
  if (freight.metadata.namespace !== stage.metadata.namespace) {
    return { available: false, rule: "namespace", reason: `${what}: they are in different projects` };
  }
  const requests = (stage.spec?.requestedFreight ?? []).filter((request) => sameOrigin(request.origin, freight.origin));
  if (requests.length === 0) {
    return {
      available: false,
      rule: "origin",
      reason: `${what}: the Stage does not request Freight from origin ${originKey(freight.origin)}`,
    };
  }
  if (freight.status?.approvedFor?.[stageName] !== undefined) return { available: true, rule: "approved" };
  if (requests.some((request) => request.sources?.direct === true)) return { available: true, rule: "direct" };
  let unavailable: FreightAvailability | undefined;
  for (const request of requests) {
    const verdict = upstreamVerdict(freight, request, now, what);
    if (verdict.available) return verdict;
    unavailable ??= verdict;
  }
  return unavailable!;
}

/** The verified-upstream rule for one request: All or OneOf over its stages, with soak time. */
function upstreamVerdict(freight: Freight, request: FreightRequest, now: Date, what: string): FreightAvailability {
  const upstream = request.sources?.stages ?? [];
  const soakText = request.sources?.requiredSoakTime;
  const requiredMs = soakText !== undefined && soakText !== "" ? (parseGoDuration(soakText) ?? 0) : 0;
  const verified = (stage: string) => freight.status?.verifiedIn?.[stage] !== undefined;
  const soaked = (stage: string) => requiredMs <= 0 || freightSoakTime(freight, stage, now) >= requiredMs;
  if (upstream.length === 0) {
    return { available: false, rule: "not-verified", reason: `${what}: the Stage names no upstream Stages and does not take Freight directly` };
  }
  const soak = soakText ? ` for ${soakText}` : "";
  if (request.sources?.availabilityStrategy === "All") {
    const unverified = upstream.filter((stage) => !verified(stage));
    if (unverified.length > 0) {
      return { available: false, rule: "not-verified", reason: `${what}: it is not verified in every upstream Stage (missing: ${unverified.join(", ")})` };
    }
    const unsoaked = upstream.filter((stage) => !soaked(stage));
    if (unsoaked.length > 0) {
      return { available: false, rule: "not-soaked", reason: `${what}: it has not soaked${soak} in upstream Stage(s) ${unsoaked.join(", ")}` };
    }
    return { available: true, rule: "verified-upstream" };
  }
  const verifiedIn = upstream.filter(verified);
  if (verifiedIn.length === 0) {
    return { available: false, rule: "not-verified", reason: `${what}: it is not verified in any upstream Stage (${upstream.join(", ")})` };
  }
  if (!verifiedIn.some(soaked)) {
    return {
      available: false,
      rule: "not-soaked",
      reason: `${what}: it has not soaked${soak} in any upstream Stage it is verified in (${verifiedIn.join(", ")})`,
    };
  }
  return { available: true, rule: "verified-upstream" };
}
