/** Prefix of the performance marks that record the start-up's phases. */
export const STARTUP_MARK_PREFIX = "kargo-startup:";

/**
 * Records that a start-up phase ended (a `performance.mark`, microseconds, nothing logged): the
 * benchmark reads the marks back as the start-up's timeline (bench/README.md, scenario 5). A mark
 * per phase and per informer's first list, so a few dozen per process start.
 */
export function markStartup(phase: string): void {
  performance.mark(`${STARTUP_MARK_PREFIX}${phase}`);
}

/** The start-up marks recorded in this process so far: phase and time (ms since the process's time origin). */
export function startupTimeline(): { phase: string; at: number }[] {
  return performance
    .getEntriesByType("mark")
    .filter((mark) => mark.name.startsWith(STARTUP_MARK_PREFIX))
    .map((mark) => ({ phase: mark.name.slice(STARTUP_MARK_PREFIX.length), at: mark.startTime }));
}
