/** The q-quantile (0..1) of `samples` by nearest rank; NaN when empty. Sorts a copy. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Median of `samples`. */
export const median = (samples: readonly number[]): number => quantile(samples, 0.5);

/** Rounds to `digits` significant-ish decimals for printing and JSON. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value)) return value;
  const magnitude = Math.abs(value) >= 100 ? 1 : Math.abs(value) >= 1 ? 2 : digits;
  return Number(value.toFixed(magnitude));
}

/** Milliseconds since the epoch with sub-millisecond precision; comparable across processes of one machine. */
export const epochMs = (): number => performance.timeOrigin + performance.now();
