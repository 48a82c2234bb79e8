import type { CompiledPromotionWindow } from "./compile-promotion-window.js";
import { rfc3339Millis } from "../util/rfc3339.js";

/** A window that applies to a Stage, and where it is declared. */
export interface ApplicablePromotionWindow {
  compiled: CompiledPromotionWindow;
  /** "ProjectConfig" or "ClusterConfig". */
  source: string;
}

/** A Stage's effective promotion-window state at one instant (`status.promotionWindowStatus`). */
export interface PromotionWindowStatus {
  state: "Open" | "Closed";
  /** The window that decides the state (`<source>/<name>`); absent when no window applies. */
  window?: string;
  /** Why, in words. */
  reason: string;
  /** When the state next changes; absent when no change is scheduled. */
  nextChange?: Date;
}

/** How many window boundaries are walked to find the next change (bounds the work per evaluation). */
const MAX_BOUNDARIES = 500;

/**
 * The effective state of a Stage's promotion windows at `now`: disabled windows are ignored; an
 * active Deny window closes it (deny wins over any Allow); otherwise, when at least one Allow
 * window applies, it is closed outside its active Allow windows; with no window, always open. A
 * window that cannot be parsed counts as an active Deny (fail closed: a typo must not open a
 * freeze). `nextChange` is the first window boundary after `now` at which the state differs.
 */
export function promotionWindowStatus(windows: readonly ApplicablePromotionWindow[], now: Date): PromotionWindowStatus {
  return promotionWindowStatusUntil(windows, now).status;
}

/** A status and how long it holds: evaluating at any instant in [`now`, `until`) gives the same status. */
export interface PromotionWindowStatusSpan {
  readonly status: PromotionWindowStatus;
  /**
   * The first window boundary after `now` (epoch ms; Infinity when none): the state, the deciding
   * window and its reason only change at a boundary, and `nextChange` is a boundary, so nothing
   * in the status can differ before it. Equal to `now` when the status must not be reused.
   */
  readonly until: number;
}

/**
 * promotionWindowStatus, and until when it holds — so a reader can keep the status and evaluate
 * again only once its clock reaches `until` (see src/services/stage/with-promotion-window-status.ts).
 */
export function promotionWindowStatusUntil(windows: readonly ApplicablePromotionWindow[], now: Date): PromotionWindowStatusSpan {
  const enabled = windows.filter((w) => w.compiled.window.disabled !== true);
  const t = now.getTime();
  try {
    const current = stateAt(enabled, t);
    const next = nextChange(enabled, t, current.state);
    return { status: next === undefined ? current : { ...current, nextChange: new Date(next) }, until: nextBoundary(enabled, t) ?? Number.POSITIVE_INFINITY };
  } catch (error) {
    // The rule library gave up (e.g. its iteration bound): fail closed, as for an invalid window,
    // and evaluate again next time rather than keep the failure.
    return { status: { state: "Closed", reason: `promotion windows could not be evaluated: ${(error as Error).message}` }, until: t };
  }
}

function label(w: ApplicablePromotionWindow): string {
  return `${w.source}/${w.compiled.window.name}`;
}

function stateAt(windows: readonly ApplicablePromotionWindow[], t: number): PromotionWindowStatus {
  for (const w of windows) {
    if (!w.compiled.ok)
      return {
        state: "Closed",
        window: label(w),
        reason: `window "${w.compiled.window.name}" (${w.source}) is invalid and blocks promotions: ${w.compiled.problem}`,
      };
  }
  const deny = windows.find((w) => w.compiled.window.kind === "Deny" && activeEnd(w.compiled, t) !== undefined);
  if (deny) return { state: "Closed", window: label(deny), reason: `Deny window "${deny.compiled.window.name}" (${deny.source}) is active` };
  const allows = windows.filter((w) => w.compiled.window.kind === "Allow");
  if (allows.length === 0) return { state: "Open", reason: "no promotion window is active" };
  const allow = allows.find((w) => activeEnd(w.compiled, t) !== undefined);
  if (allow) return { state: "Open", window: label(allow), reason: `Allow window "${allow.compiled.window.name}" (${allow.source}) is active` };
  return {
    state: "Closed",
    window: label(allows[0]!),
    reason: `outside every Allow window (${allows.map((w) => `"${w.compiled.window.name}"`).join(", ")})`,
  };
}

/** When the occurrence active at t ends (merging occurrences that overlap or touch), or undefined when none is active. */
function activeEnd(compiled: CompiledPromotionWindow, t: number): number | undefined {
  if (!compiled.ok) return undefined;
  const start = compiled.previousStart(new Date(t));
  if (start === undefined || t >= start + compiled.durationMs) return undefined;
  let end = start + compiled.durationMs;
  let cursor = start;
  for (let i = 0; i < MAX_BOUNDARIES; i++) {
    const next = compiled.nextStart(new Date(cursor));
    if (next === undefined || next > end) break;
    end = Math.max(end, next + compiled.durationMs);
    cursor = next;
  }
  return end;
}

/** The first boundary (an occurrence starting or ending) of any window after t. */
function nextBoundary(windows: readonly ApplicablePromotionWindow[], t: number): number | undefined {
  let earliest: number | undefined;
  for (const w of windows) {
    if (!w.compiled.ok) continue;
    const boundary = activeEnd(w.compiled, t) ?? w.compiled.nextStart(new Date(t));
    if (boundary !== undefined && boundary > t && (earliest === undefined || boundary < earliest)) earliest = boundary;
  }
  return earliest;
}

function nextChange(windows: readonly ApplicablePromotionWindow[], t: number, state: PromotionWindowStatus["state"]): number | undefined {
  let cursor = t;
  for (let i = 0; i < MAX_BOUNDARIES; i++) {
    const boundary = nextBoundary(windows, cursor);
    if (boundary === undefined) return undefined;
    if (stateAt(windows, boundary).state !== state) return boundary;
    cursor = boundary;
  }
  return undefined;
}

/** The status as stored in (and served from) a Stage's `status.promotionWindowStatus`: JSON, `nextChange` in RFC 3339. */
export function promotionWindowStatusJson(status: PromotionWindowStatus): Record<string, string> {
  return {
    state: status.state,
    ...(status.window ? { window: status.window } : {}),
    reason: status.reason,
    ...(status.nextChange ? { nextChange: rfc3339Millis(status.nextChange) } : {}),
  };
}
