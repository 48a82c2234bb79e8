/**
 * Keeps this process's event loop busy for `ms` every turn, before the store's group COMMIT (a
 * setImmediate the store queues later in the turn), as other work of a process would (a large
 * manifest's parse). Anything the API sends before that COMMIT stays on the wire for `ms` while
 * its write is not on disk; and the requests that arrive meanwhile are handled together in the
 * next turn, in the order they arrived, so their writes and reads share one group.
 *
 * The loop is held by blocking the thread (Atomics.wait), not by spinning: to the event loop the
 * two are the same (nothing else runs for `ms`), but a spin kept a core at 100% for the child's
 * whole life, seconds of CPU per test on a machine the other tests share.
 */
export function keepLoopBusy(ms: number): void {
  const blocker = new Int32Array(new SharedArrayBuffer(4));
  const busy = (): void => {
    // Other work of the process: the value never changes, so this returns after `ms`.
    Atomics.wait(blocker, 0, 0, ms);
    setImmediate(busy);
  };
  setImmediate(busy);
}
