import { AsyncLocalStorage } from "node:async_hooks";

/** A registry asked to wait: the URL it answered for, its status (429 or 503) and the wait. */
export interface RetryAfterWait {
  url: URL;
  status: number;
  waitMs: number;
}

// The discovery a request belongs to, found through the async context rather than threaded through
// every registry call (clients are shared between Warehouses; the wait belongs to the caller).
const reporters = new AsyncLocalStorage<(wait: RetryAfterWait) => void>();

/** Runs `work` so that every registry wait inside it is reported to `report` (the Warehouse's status). */
export function withRetryAfterReporter<T>(report: (wait: RetryAfterWait) => void, work: () => Promise<T>): Promise<T> {
  return reporters.run(report, work);
}

/** Tells the discovery this request belongs to (if any) that it is waiting. */
export function reportRetryAfter(wait: RetryAfterWait): void {
  reporters.getStore()?.(wait);
}
