import type { KubeObject } from "../../kube/index.js";

const TERMINAL_PHASES = new Set(["Succeeded", "Failed", "Errored", "Aborted"]);

/** True when a Promotion's phase is terminal (Succeeded, Failed, Errored, Aborted). */
export function isPromotionTerminal(promotion: KubeObject): boolean {
  return TERMINAL_PHASES.has(phaseOf(promotion));
}

/**
 * ListPromotions' order (docs/api-behaviour.md, PromotionService): Running first, then the other non-terminal
 * ones (Pending, or no phase yet), then terminal ones; oldest first before the terminal ones and
 * newest first among them. Kargo ordered by name, which is chronological only within one Stage
 * (`<stage>.<ULID>.<freight>`): across Stages it sorted by Stage name. We order by creation time,
 * then by the name's ULID (sub-second order of one Stage), then by name.
 */
export function comparePromotions(a: KubeObject, b: KubeObject): number {
  const rank = rankOf(a) - rankOf(b);
  if (rank !== 0) return rank;
  const age = compareAge(a, b);
  return rankOf(a) === 2 ? -age : age;
}

function phaseOf(promotion: KubeObject): string {
  const status = promotion["status"] as { phase?: string } | undefined;
  return status?.phase ?? "";
}

function rankOf(promotion: KubeObject): number {
  if (isPromotionTerminal(promotion)) return 2;
  return phaseOf(promotion) === "Running" ? 0 : 1;
}

function compareAge(a: KubeObject, b: KubeObject): number {
  const time = Date.parse(a.metadata.creationTimestamp ?? "") - Date.parse(b.metadata.creationTimestamp ?? "");
  if (time !== 0 && !Number.isNaN(time)) return time;
  const x = ulidOf(a);
  const y = ulidOf(b);
  if (x !== y) return x < y ? -1 : 1;
  const p = a.metadata.name ?? "";
  const q = b.metadata.name ?? "";
  return p < q ? -1 : p > q ? 1 : 0;
}

/** The ULID part of `<stage>.<ULID>.<freight[:7]>` (lower-cased, still ordered), or "". */
function ulidOf(promotion: KubeObject): string {
  const parts = (promotion.metadata.name ?? "").split(".");
  return parts.length >= 3 ? (parts[parts.length - 2] ?? "") : "";
}
