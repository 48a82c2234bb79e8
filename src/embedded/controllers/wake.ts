/**
 * Asks the controllers' loop for a pass in `delayMs` (0: as soon as possible). Passes run when an
 * object the controllers read changes; a controller whose work depends on time itself (a
 * Warehouse's interval, a retry's backoff, a promotion window's next change, an analysis
 * measurement's interval) says when it next needs one.
 */
export type Wake = (delayMs: number) => void;

/** Work that failed (the API was unreachable, refused a write …) asks for a pass after this long. */
export const RETRY_FAILED_PASS_MS = 1000;
