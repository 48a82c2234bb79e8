import { createContextKey } from "@connectrpc/connect";

/**
 * Per-call bookkeeping shared by the HTTP layer and the interceptors: when
 * the request arrived and whether the interceptors saw the call. Calls
 * rejected before the interceptors run (malformed or oversized requests) are
 * then logged and counted by the HTTP layer instead.
 */
export interface CallRecord {
  /** `performance.now()` when the HTTP request arrived. */
  readonly startedAt: number;
  /** Set by the observing interceptors: they own the call's log line and metrics. */
  intercepted: boolean;
  /** The gRPC status code the response ended with (0 = OK), once the HTTP layer has seen it. */
  finalStatus?: number;
}

/** The call record of the current call; undefined outside the HTTP server. */
export const callRecordKey = createContextKey<CallRecord | undefined>(undefined, { description: "call record" });
