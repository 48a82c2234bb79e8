import type { Promotion } from "../../../domain/types.js";

/** Kargo's annotation asking a Promotion to stop. */
export const ABORT_ANNOTATION = "kargo.akuity.io/abort";

/**
 * Whether a Promotion carries an abort request: the annotation's JSON `{"action":"terminate",…}`
 * (what AbortPromotion writes) or, as Kargo also accepts, the bare string `terminate`.
 */
export function abortRequested(promotion: Promotion): boolean {
  const value = promotion.metadata.annotations?.[ABORT_ANNOTATION];
  if (value === undefined || value === "") return false;
  try {
    const parsed = JSON.parse(value) as { action?: unknown };
    return typeof parsed === "object" && parsed !== null ? parsed.action === "terminate" : parsed === "terminate";
  } catch {
    return value === "terminate";
  }
}

/** The actor named in the abort annotation's JSON (`{"action":"terminate","actor":"admin"}`), if any. */
export function abortActor(promotion: Promotion): string | undefined {
  try {
    const actor = (JSON.parse(promotion.metadata.annotations?.[ABORT_ANNOTATION] ?? "") as { actor?: unknown } | null)?.actor;
    return typeof actor === "string" && actor !== "" ? actor : undefined;
  } catch {
    return undefined;
  }
}
