import { parseGoDuration } from "../parse-go-duration.js";
import { formatGoDuration } from "../format-go-duration.js";
import { rfc3339Millis } from "../../util/rfc3339.js";

/**
 * expr-lang's time values, as Kargo's expressions see Go's `time.Time` and `time.Duration`: a
 * TimeValue is an instant (milliseconds since the epoch, read in UTC), a DurationValue a length of
 * time. Their methods are Go's (`t.After(u)`, `t.Year()`, `d.Hours()` …), reached with `.`; the
 * evaluator also compares them (`<`, `==` …) and does their arithmetic (`t - u` is a duration,
 * `t + d` a time). Printed (interpolated, JSON) as RFC 3339 and as Go prints durations.
 */
export class TimeValue {
  constructor(readonly ms: number) {}

  /** The Go method `name` of this time, bound; undefined when Go's time.Time has no such method here. */
  method(name: string): ((...args: unknown[]) => unknown) | undefined {
    const date = new Date(this.ms);
    const methods: Record<string, (...args: unknown[]) => unknown> = {
      After: (u) => this.ms > asTime(u, "After").ms,
      Before: (u) => this.ms < asTime(u, "Before").ms,
      Equal: (u) => this.ms === asTime(u, "Equal").ms,
      Compare: (u) => Math.sign(this.ms - asTime(u, "Compare").ms),
      Sub: (u) => new DurationValue(this.ms - asTime(u, "Sub").ms),
      Add: (d) => new TimeValue(this.ms + asDuration(d, "Add").ms),
      AddDate: (years, months, days) => {
        const next = new Date(this.ms);
        next.setUTCFullYear(next.getUTCFullYear() + Number(years), next.getUTCMonth() + Number(months), next.getUTCDate() + Number(days));
        return new TimeValue(next.getTime());
      },
      Year: () => date.getUTCFullYear(),
      Month: () => date.getUTCMonth() + 1,
      Day: () => date.getUTCDate(),
      Hour: () => date.getUTCHours(),
      Minute: () => date.getUTCMinutes(),
      Second: () => date.getUTCSeconds(),
      Weekday: () => date.getUTCDay(),
      YearDay: () => Math.floor((this.ms - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86_400_000) + 1,
      Unix: () => Math.floor(this.ms / 1000),
      UnixMilli: () => this.ms,
      UTC: () => this,
      String: () => this.toJSON(),
    };
    return Object.hasOwn(methods, name) ? methods[name] : undefined;
  }

  toJSON(): string {
    return rfc3339Millis(new Date(this.ms));
  }
}

/** A Go time.Duration (held in milliseconds: git and registry dates have no finer resolution). */
export class DurationValue {
  constructor(readonly ms: number) {}

  method(name: string): ((...args: unknown[]) => unknown) | undefined {
    const methods: Record<string, () => unknown> = {
      Hours: () => this.ms / 3_600_000,
      Minutes: () => this.ms / 60_000,
      Seconds: () => this.ms / 1000,
      Milliseconds: () => Math.trunc(this.ms),
      String: () => this.toJSON(),
    };
    return Object.hasOwn(methods, name) ? methods[name] : undefined;
  }

  toJSON(): string {
    return this.ms < 0 ? `-${formatGoDuration(-this.ms)}` : formatGoDuration(this.ms);
  }
}

function asTime(value: unknown, method: string): TimeValue {
  if (value instanceof TimeValue) return value;
  throw new Error(`${method} needs a time (use date("…")), got ${typeof value === "string" ? "a string" : value === null ? "nil" : typeof value}`);
}

function asDuration(value: unknown, method: string): DurationValue {
  if (value instanceof DurationValue) return value;
  throw new Error(`${method} needs a duration (use duration("…"))`);
}

// Go reference-time tokens date() layouts may use, longest first, with what each matches.
const LAYOUT_TOKENS: [string, string, string][] = [
  ["2006", "(\\d{4})", "year"],
  ["Z07:00", "(Z|[+-]\\d{2}:\\d{2})", "zone"],
  ["-07:00", "([+-]\\d{2}:\\d{2})", "zone"],
  ["-0700", "([+-]\\d{4})", "zone"],
  [".000", "(\\.\\d{3})", "fraction"],
  ["01", "(\\d{2})", "month"],
  ["02", "(\\d{2})", "day"],
  ["15", "(\\d{2})", "hour"],
  ["04", "(\\d{2})", "minute"],
  ["05", "(\\d{2})", "second"],
  ["1", "(\\d{1,2})", "month"],
  ["2", "(\\d{1,2})", "day"],
];

/** Parses `text` by a Go layout built from numeric tokens (2006-01-02T15:04:05Z07:00 and the like). */
function parseWithLayout(text: string, layout: string): number | undefined {
  let pattern = "";
  const fields: string[] = [];
  for (let i = 0; i < layout.length; ) {
    const token = LAYOUT_TOKENS.find(([t]) => layout.startsWith(t, i));
    if (token) {
      pattern += token[1];
      fields.push(token[2]);
      i += token[0].length;
    } else {
      pattern += layout[i]!.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
      i++;
    }
  }
  const match = new RegExp(`^${pattern}$`, "u").exec(text);
  if (!match) return undefined;
  const part: Record<string, string> = {};
  fields.forEach((field, index) => (part[field] = match[index + 1]!));
  const n = (field: string, fallback: number) => (part[field] === undefined ? fallback : Number(part[field]));
  let ms = Date.UTC(
    n("year", 0),
    n("month", 1) - 1,
    n("day", 1),
    n("hour", 0),
    n("minute", 0),
    n("second", 0),
    part["fraction"] ? Number(part["fraction"].slice(1)) : 0,
  );
  const zone = part["zone"];
  if (zone && zone !== "Z") {
    const digits = zone.replace(":", "");
    const offset = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * (digits[0] === "-" ? -1 : 1);
    ms -= offset * 60_000;
  }
  return Number.isNaN(ms) ? undefined : ms;
}

// What date() tries without a layout, as expr-lang does: RFC 3339 (with or without fraction),
// then date and date-time forms without a zone (read as UTC).
const DEFAULT_LAYOUTS = [
  "2006-01-02T15:04:05Z07:00",
  "2006-01-02T15:04:05.000Z07:00",
  "2006-01-02 15:04:05Z07:00",
  "2006-01-02T15:04:05",
  "2006-01-02 15:04:05",
  "2006-01-02T15:04",
  "2006-01-02 15:04",
  "2006-01-02",
];

/**
 * The date functions expr-lang gives Kargo's expressions: `date(text[, layout[, zone]])` (a time
 * from RFC 3339 or a date like "2024-01-01"; `layout` in Go's reference-time notation with numeric
 * fields; `zone` "UTC" only), `now()` and `duration(text)` (Go's syntax: "1h30m", "72h").
 */
export const TIME_FUNCTIONS: Readonly<Record<string, (...args: unknown[]) => unknown>> = Object.freeze({
  date: (text: unknown, layout?: unknown, zone?: unknown) => {
    if (text instanceof TimeValue) return text;
    if (typeof text !== "string") throw new Error("date needs a string");
    if (zone !== undefined && zone !== "UTC") throw new Error(`time zone ${JSON.stringify(zone)} is not supported (UTC is)`);
    const trimmed = text.trim();
    // Git's dates carry a fraction of a second only rarely; RFC 3339 fractions of any length are fine.
    const normalised = trimmed.replace(/(\d{2}:\d{2}:\d{2})\.(\d{1,3})\d*/u, (_all, time: string, fraction: string) => `${time}.${fraction.padEnd(3, "0")}`);
    const layouts = layout === undefined ? DEFAULT_LAYOUTS : [String(layout)];
    for (const candidate of layouts) {
      const ms = parseWithLayout(normalised, candidate);
      if (ms !== undefined) return new TimeValue(ms);
    }
    throw new Error(`cannot parse ${JSON.stringify(text)} as a date${layout === undefined ? "" : ` with layout ${JSON.stringify(layout)}`}`);
  },
  now: () => new TimeValue(Date.now()),
  duration: (text: unknown) => {
    const ms = typeof text === "string" ? parseGoDuration(text) : undefined;
    if (ms === undefined && text !== "0") throw new Error(`cannot parse ${JSON.stringify(text)} as a duration (Go syntax: "1h30m")`);
    return new DurationValue(ms ?? 0);
  },
});
