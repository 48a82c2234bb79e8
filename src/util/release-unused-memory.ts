import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { markStartup } from "./startup-timeline.js";

/** What one release did: V8's committed heap (MiB) before and after, and how long it paused the process. */
export interface MemoryRelease {
  readonly heapBeforeMiB: number;
  readonly heapAfterMiB: number;
  readonly pauseMs: number;
}

/**
 * Runs one memory-reducing full collection now: V8's "last resort" collection, which (unlike the
 * collections V8 schedules while the process allocates) also shrinks the young generation back to
 * its minimum, compacts the old one and returns the emptied pages to the system.
 *
 * Why the server asks for it: an informer's first list parses every object of a type at once (100,000
 * objects at a start-up), which grows the young generation to its maximum and leaves tens of MiB of
 * pages committed and resident but empty once the lists are done (bench/README.md, "Start-up memory").
 * V8's own memory reducer would return them only after a long idle spell, which a server that is
 * being called never has.
 *
 * The collection function is V8's `gc` extension, which Node installs in contexts created while the
 * `--expose-gc` flag is set; the flag is set for the one context made here and cleared again, so no
 * global `gc` appears in the server's own context. It pauses the process for about 1-2 ms per MiB of
 * heap (155 ms with 100,000 objects held): callers run it once after a burst, not per request.
 */
export function releaseUnusedMemory(): MemoryRelease {
  const heapBeforeMiB = getHeapStatistics().total_heap_size / 2 ** 20;
  setFlagsFromString("--expose-gc");
  let collect: (options: { type: "major"; execution: "sync"; flavor: "last-resort" }) => void;
  try {
    collect = runInNewContext("gc");
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
  const started = performance.now();
  collect({ type: "major", execution: "sync", flavor: "last-resort" });
  const pauseMs = performance.now() - started;
  const heapAfterMiB = getHeapStatistics().total_heap_size / 2 ** 20;
  markStartup(`unused memory released (V8 heap ${heapBeforeMiB.toFixed(0)} → ${heapAfterMiB.toFixed(0)} MiB committed, ${pauseMs.toFixed(0)} ms)`);
  return { heapBeforeMiB, heapAfterMiB, pauseMs };
}

/** Objects in one list from which the list counts as a burst worth a release (see releaseUnusedMemorySoon). */
export const LARGE_LIST_OBJECTS = 5000;

/** How long after the last burst the release runs: the start-up's lists come one after another. */
const RELEASE_DELAY_MS = 1000;

let pending: NodeJS.Timeout | undefined;

/**
 * Schedules {@link releaseUnusedMemory} one second after the last call: a start-up lists several
 * large types in a row, and one release after the last of them returns what all of them left. The
 * timer does not keep the process alive.
 */
export function releaseUnusedMemorySoon(): void {
  clearTimeout(pending);
  pending = setTimeout(() => {
    pending = undefined;
    releaseUnusedMemory();
  }, RELEASE_DELAY_MS);
  pending.unref();
}
