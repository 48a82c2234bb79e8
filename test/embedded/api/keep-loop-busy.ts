/**
 * Keeps this process's event loop busy for `ms` every turn, before the store's group COMMIT (a
 * setImmediate the store queues later in the turn), as other work of a process would (a large
 * manifest's parse). Anything the API sends before that COMMIT stays on the wire for `ms` while
 * its write is not on disk; and the requests that arrive meanwhile are handled together in the
 * next turn, in the order they arrived, so their writes and reads share one group.
 */
export function keepLoopBusy(ms: number): void {
  const busy = (): void => {
    const until = performance.now() + ms;
    while (performance.now() < until) {
      // Other work of the process.
    }
    setImmediate(busy);
  };
  setImmediate(busy);
}
