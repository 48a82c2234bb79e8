const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a Go-style duration ("15s", "1h30m", "500ms", "1.5h") into
 * milliseconds, as Kargo's own settings are written. Returns undefined when
 * the text is not a duration. A bare "0" is zero.
 */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === "0") {
    return 0;
  }
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;
  let total = 0;
  let pos = 0;
  while (pos < s.length) {
    part.lastIndex = pos;
    const m = part.exec(s);
    if (m === null) {
      return undefined;
    }
    total += Number(m[1]) * unitMs[m[2]];
    pos = part.lastIndex;
  }
  return pos === 0 ? undefined : Math.round(total);
}

/** Formats milliseconds as a Go-style duration ("15s", "1m30s", "250ms"). */
export function formatDuration(ms: number): string {
  if (ms === 0) {
    return "0s";
  }
  if (ms % 1000 !== 0) {
    return `${ms}ms`;
  }
  let s = ms / 1000;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return `${h ? `${h}h` : ""}${m ? `${m}m` : ""}${s ? `${s}s` : ""}`;
}
