const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  "µs": 1e-3,
  "μs": 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Milliseconds of a Go duration string as Kubernetes stores `metav1.Duration` ("1h30m", "90s",
 * "1.5h", "0"); undefined when the string is not one. Kargo's CRDs keep durations in this form
 * (`requiredSoakTime`, `longestSoak`, `interval`).
 */
export function parseGoDuration(text: string): number | undefined {
  const match = /^([+-]?)(.*)$/u.exec(text.trim());
  if (!match) return undefined;
  const body = match[2]!;
  if (body === "0") return 0;
  if (body === "") return undefined;
  const term = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/uy;
  let total = 0;
  let index = 0;
  while (index < body.length) {
    term.lastIndex = index;
    const part = term.exec(body);
    if (!part) return undefined;
    total += Number(part[1]) * UNIT_MS[part[2]!]!;
    index = term.lastIndex;
  }
  return match[1] === "-" ? -total : total;
}
