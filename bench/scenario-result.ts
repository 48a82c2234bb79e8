/** One figure of the benchmark, as bench/results.json records it. */
export interface ScenarioResult {
  /** Scenario number (1–6) and what was measured, e.g. "GetStage c=64". */
  readonly scenario: number;
  readonly name: string;
  readonly value: number;
  /** The same figure for the floor measured in the same run (null where the target is absolute and no floor applies). */
  readonly floor: number | null;
  /** value / floor (null without a floor). */
  readonly ratio: number | null;
  readonly unit: string;
  /** The target in words, e.g. "ratio >= 0.8" or "value < 1000". */
  readonly target: string;
  readonly met: boolean;
  /** Further figures (p50/p99, connections, breakdowns). */
  readonly detail?: Record<string, unknown>;
}

/** Builds a result whose target is a bound on value / floor. */
export function ratioResult(
  base: { scenario: number; name: string; unit: string; value: number; floor: number; detail?: Record<string, unknown> },
  bound: { atLeast?: number; atMost?: number },
): ScenarioResult {
  const ratio = base.value / base.floor;
  const met = bound.atLeast !== undefined ? ratio >= bound.atLeast : ratio <= bound.atMost!;
  const target = bound.atLeast !== undefined ? `ratio >= ${bound.atLeast}` : `ratio <= ${bound.atMost}`;
  return { ...base, ratio, target, met };
}

/** Builds a result whose target is a bound on the value itself (the floor, if any, is for context). */
export function absoluteResult(
  base: { scenario: number; name: string; unit: string; value: number; floor: number | null; detail?: Record<string, unknown> },
  bound: { below?: number; atLeast?: number; equals?: number; ratioAtMost?: number },
): ScenarioResult {
  const ratio = base.floor === null || base.floor === 0 ? null : base.value / base.floor;
  const onValue = absoluteBound(base.value, bound);
  if (bound.ratioAtMost === undefined) return { ...base, ratio, ...onValue };
  return {
    ...base,
    ratio,
    target: `${onValue.target} and ratio <= ${bound.ratioAtMost}`,
    met: onValue.met && ratio !== null && ratio <= bound.ratioAtMost,
  };
}

function absoluteBound(value: number, bound: { below?: number; atLeast?: number; equals?: number }): { met: boolean; target: string } {
  if (bound.below !== undefined) return { met: value < bound.below, target: `value < ${bound.below}` };
  if (bound.atLeast !== undefined) return { met: value >= bound.atLeast, target: `value >= ${bound.atLeast}` };
  return { met: value === bound.equals, target: `value = ${bound.equals}` };
}
