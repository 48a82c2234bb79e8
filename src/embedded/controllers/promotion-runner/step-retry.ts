import { parseGoDuration } from "../../../domain/parse-go-duration.js";
import type { PromotionStep } from "../../../domain/types.js";

/** How often and how long a step may be retried after errors. */
export interface StepRetry {
  /** Errors tolerated before the step counts as Errored: Kargo's `retry.errorThreshold`, default 1 (no retry). */
  errorThreshold: number;
  /** Time after the step's first start past which no retry begins; undefined when unlimited. */
  timeoutMs: number | undefined;
}

/** Reads a step's `retry {errorThreshold, timeout}` with Kargo's defaults (`defaultThreshold`, else 1). */
export function stepRetry(step: PromotionStep, defaultThreshold = 1): StepRetry {
  const retry = step.retry ?? {};
  const threshold = typeof retry["errorThreshold"] === "number" && retry["errorThreshold"] > 0 ? Math.floor(retry["errorThreshold"]) : defaultThreshold;
  const timeout = typeof retry["timeout"] === "string" ? parseGoDuration(retry["timeout"]) : undefined;
  return { errorThreshold: threshold, timeoutMs: timeout !== undefined && timeout > 0 ? timeout : undefined };
}

/** Pause before retry number `attempt` (1-based): short and growing, capped, so tests stay quick. */
export function retryDelayMs(attempt: number): number {
  return Math.min(100 * 2 ** (attempt - 1), 5000);
}
