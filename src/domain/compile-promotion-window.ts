import { RRuleTemporal } from "rrule-temporal";

/**
 * One `promotionWindows[]` entry of a ProjectConfig or ClusterConfig spec, as JSON. Kargo OSS
 * accepts these fields but never enforces them (an enterprise feature); this server does.
 */
export interface PromotionWindow {
  name: string;
  /** "Allow" or "Deny". */
  kind: string;
  description?: string;
  disabled?: boolean;
  /** Stages it applies to: name (exact, `glob:`, `regex:`) and labels; absent: every Stage. */
  stageSelector?: { name?: string; matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
  /** ClusterConfig only: the Projects it applies to, same shape; absent: every Project. */
  projectSelector?: { name?: string; matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
  /** RFC 5545 RRULE value (`FREQ=WEEKLY;BYDAY=MO`), optionally prefixed `RRULE:`; absent: one occurrence. */
  rrule?: string;
  /** iCal DATE-TIME of the first occurrence's start: `[TZID=<IANA zone>:]YYYYMMDDTHHMMSS[Z]`, UTC without TZID. */
  dtstart: string;
  /** iCal DATE-TIME of the first occurrence's end; every occurrence lasts `dtend - dtstart`. */
  dtend: string;
}

/** Bounds checked before any rule is expanded (inputs come from users' configs). */
export const PROMOTION_WINDOW_LIMITS = { rruleLength: 1024, dateTimeLength: 128, windows: 100, iterations: 10_000 } as const;

/** A window ready to evaluate, or the reason it cannot be. */
export type CompiledPromotionWindow =
  | {
      ok: true;
      window: PromotionWindow;
      durationMs: number;
      /** Start of the latest occurrence at or before t. */
      previousStart(t: Date): number | undefined;
      /** Start of the first occurrence after t. */
      nextStart(t: Date): number | undefined;
    }
  | { ok: false; window: PromotionWindow; problem: string };

const DATE_TIME = /^(?:TZID=([A-Za-z0-9_+\-/]{1,64}):)?(\d{8}T\d{6})(Z?)$/u;

/**
 * Parses a window (bounded sizes, valid kind, dtstart/dtend, RRULE) into interval arithmetic.
 * Occurrences come from `rrule-temporal`: it implements RFC 5545 on TC39 Temporal (ZonedDateTime
 * with IANA zones from the platform's tz data), so a `TZID=Europe/Berlin` 09:00 stays 09:00 local
 * on both sides of a daylight-saving change; the widely used `rrule` package only fakes TZID by
 * shifting UTC dates, which is wrong across DST.
 */
export function compilePromotionWindow(window: PromotionWindow): CompiledPromotionWindow {
  const fail = (problem: string): CompiledPromotionWindow => ({ ok: false, window, problem });
  if (window.kind !== "Allow" && window.kind !== "Deny") return fail(`kind must be "Allow" or "Deny", not ${JSON.stringify(window.kind)}`);
  if (typeof window.dtstart !== "string" || typeof window.dtend !== "string") return fail("dtstart and dtend are required");
  if (window.dtstart.length > PROMOTION_WINDOW_LIMITS.dateTimeLength || window.dtend.length > PROMOTION_WINDOW_LIMITS.dateTimeLength)
    return fail("dtstart or dtend is too long");
  const rruleText = (window.rrule ?? "").replace(/^RRULE:/iu, "").trim();
  if (rruleText.length > PROMOTION_WINDOW_LIMITS.rruleLength) return fail(`rrule is longer than ${PROMOTION_WINDOW_LIMITS.rruleLength} characters`);
  if (/[\r\n]/u.test(rruleText)) return fail("rrule must be one RRULE value");
  let start: number;
  let end: number;
  try {
    start = instantOf(window.dtstart);
    end = instantOf(window.dtend);
  } catch (error) {
    return fail((error as Error).message);
  }
  const durationMs = end - start;
  if (!(durationMs > 0)) return fail("dtend must be after dtstart");
  if (rruleText === "") {
    return {
      ok: true,
      window,
      durationMs,
      previousStart: (t) => (start <= t.getTime() ? start : undefined),
      nextStart: (t) => (start > t.getTime() ? start : undefined),
    };
  }
  let rule: RRuleTemporal;
  try {
    rule = new RRuleTemporal({ rruleString: `${dtstartLine(window.dtstart)}\nRRULE:${rruleText}`, maxIterations: PROMOTION_WINDOW_LIMITS.iterations });
    rule.next(new Date(start - 1), true);
  } catch (error) {
    return fail(`invalid rrule: ${(error as Error).message}`);
  }
  return {
    ok: true,
    window,
    durationMs,
    previousStart: (t) => rule.previous(t, true)?.epochMilliseconds ?? undefined,
    nextStart: (t) => rule.next(t, false)?.epochMilliseconds ?? undefined,
  };
}

/** `DTSTART;TZID=<zone>:<local>` or `DTSTART:<utc>Z` for an iCal DATE-TIME value. */
function dtstartLine(value: string): string {
  const match = DATE_TIME.exec(value.trim())!;
  return match[1] ? `DTSTART;TZID=${match[1]}:${match[2]}` : `DTSTART:${match[2]}Z`;
}

/**
 * The instant of an iCal DATE-TIME. The local time in a zone is resolved by the same Temporal
 * implementation as the rule (a one-occurrence rule), so dtstart, dtend and occurrences agree.
 */
function instantOf(value: string): number {
  if (!DATE_TIME.test(value.trim())) throw new Error(`${JSON.stringify(value)} is not an iCal date-time ([TZID=<zone>:]YYYYMMDDTHHMMSS[Z])`);
  let first: { epochMilliseconds: number } | undefined;
  try {
    first = new RRuleTemporal({ rruleString: `${dtstartLine(value)}\nRRULE:FREQ=DAILY;COUNT=1` }).all()[0];
  } catch (error) {
    throw new Error(`${JSON.stringify(value)}: ${(error as Error).message}`);
  }
  if (!first) throw new Error(`${JSON.stringify(value)} is not a valid date-time`);
  return first.epochMilliseconds;
}
