const UNIT_NS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5
  μs: 1_000n, // U+03BC
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** The longest duration Go's time.Duration holds, as Go prints it. */
export const GO_DURATION_MAX = "2562047h47m16.854775807s";

const TWO_63 = 1n << 63n;
const INT64_MAX = TWO_63 - 1n;

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";

/**
 * Nanoseconds of a Go duration string exactly as Go's `time.ParseDuration` reads it — which is
 * how Kubernetes decodes a `metav1.Duration` and so how Kargo's controllers read `interval`,
 * `requiredSoakTime`, a step's `retry.timeout` or `longestSoak` — or undefined when Go refuses it:
 * `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+` with units ns, us, µs, μs, ms, s, m, h, or a bare "0", no
 * surrounding spaces, and a result inside Go's `time.Duration` (int64 nanoseconds, about ±2562047
 * hours). A port of Go's algorithm step by step (its overflow checks and its float64 rounding of
 * fractions included), so that what the API accepts is exactly what the controllers can parse.
 */
export function parseGoDurationNanoseconds(text: string): bigint | undefined {
  let s = text;
  let negative = false;
  if (s[0] === "-" || s[0] === "+") {
    negative = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") return undefined;
  let total = 0n;
  while (s !== "") {
    if (!(s[0] === "." || isDigit(s[0]))) return undefined;
    // The integer part, refused past 2^63 as Go's leadingInt does.
    let whole = 0n;
    let i = 0;
    for (; isDigit(s[i]); i++) {
      if (whole > TWO_63 / 10n) return undefined;
      whole = whole * 10n + BigInt(s.charCodeAt(i) - 48);
      if (whole > TWO_63) return undefined;
    }
    const before = i > 0;
    s = s.slice(i);
    // The fraction: digits past what fits are consumed but ignored (Go's leadingFraction).
    let fraction = 0n;
    let scale = 1;
    let after = false;
    if (s[0] === ".") {
      s = s.slice(1);
      let overflow = false;
      let j = 0;
      for (; isDigit(s[j]); j++) {
        if (overflow) continue;
        if (fraction > INT64_MAX / 10n) {
          overflow = true;
          continue;
        }
        const next = fraction * 10n + BigInt(s.charCodeAt(j) - 48);
        if (next > TWO_63) {
          overflow = true;
          continue;
        }
        fraction = next;
        scale *= 10;
      }
      after = j > 0;
      s = s.slice(j);
    }
    if (!before && !after) return undefined;
    // The unit: everything up to the next digit or dot.
    let k = 0;
    while (k < s.length && s[k] !== "." && !isDigit(s[k])) k++;
    if (k === 0) return undefined;
    const unit = UNIT_NS[s.slice(0, k)];
    s = s.slice(k);
    if (unit === undefined) return undefined;
    if (whole > TWO_63 / unit) return undefined;
    let value = whole * unit;
    if (fraction > 0n) {
      // float64, as Go computes it: nanosecond-exact for fractions of any unit up to hours.
      value += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
      if (value > TWO_63) return undefined;
    }
    total += value;
    if (total > TWO_63) return undefined;
  }
  if (negative) return -total;
  return total > INT64_MAX ? undefined : total;
}

/**
 * Milliseconds of a Go duration string ("1h30m", "90s", "1.5h", "0"), undefined when Go's
 * `time.ParseDuration` would refuse it (see {@link parseGoDurationNanoseconds}). Kargo's CRDs
 * keep durations in this form (`requiredSoakTime`, `longestSoak`, `interval`, `retry.timeout`).
 */
export function parseGoDuration(text: string): number | undefined {
  const nanoseconds = parseGoDurationNanoseconds(text);
  return nanoseconds === undefined ? undefined : Number(nanoseconds) / 1e6;
}
