import type { WatchEvent } from "../../../src/kube/watch/watch-event.js";

/**
 * Reads `count` events from a watch iterator. No deadline of its own: the test timeout
 * (vitest.config.js) is the only bound, whatever the machine's load.
 */
export async function nextEvents(iterator: AsyncIterator<WatchEvent>, count: number): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  while (events.length < count) {
    const result = await iterator.next();
    if (result.done) throw new Error(`the watch ended after ${events.length} of ${count} events: ${JSON.stringify(events.map(brief))}`);
    events.push(result.value);
  }
  return events;
}

/** `TYPE name` (or `BOOKMARK`), for compact assertions. */
export function brief(event: WatchEvent): string {
  return event.object ? `${event.type} ${event.object.metadata.name}` : event.type;
}
