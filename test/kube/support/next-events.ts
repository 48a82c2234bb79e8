import type { WatchEvent } from "../../../src/kube/watch/watch-event.js";

/** Reads `count` events from a watch iterator, failing after `timeoutMs` if they do not come. */
export async function nextEvents(iterator: AsyncIterator<WatchEvent>, count: number, timeoutMs = 5000): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  while (events.length < count) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${events.length} of ${count} events: ${JSON.stringify(events.map(brief))}`)), Math.max(1, deadline - Date.now()));
    });
    try {
      const result = await Promise.race([iterator.next(), timeout]);
      if (result.done) throw new Error(`the watch ended after ${events.length} of ${count} events`);
      events.push(result.value);
    } finally {
      clearTimeout(timer);
    }
  }
  return events;
}

/** `TYPE name` (or `BOOKMARK`), for compact assertions. */
export function brief(event: WatchEvent): string {
  return event.object ? `${event.type} ${event.object.metadata.name}` : event.type;
}
