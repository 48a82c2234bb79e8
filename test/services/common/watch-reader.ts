/**
 * Reads a server stream message by message. Waiting for a message has no deadline of its own: how
 * long it takes depends on the machine's load, so the test timeout (vitest.config.js) is the
 * only bound. `close()` cancels the call.
 */
export interface WatchReader<T> {
  /** The next message; rejects with the stream's error, or when it ends. */
  next(): Promise<T>;
  /** Messages until one satisfies `until` (included). */
  readUntil(until: (message: T) => boolean): Promise<T[]>;
  /** Resolves true when no message arrives within `ms`. */
  quiet(ms: number): Promise<boolean>;
  close(): void;
}

/** Opens `call(signal)` (e.g. `(signal) => client.watchStages(req, { signal })`). */
export function readWatch<T>(call: (signal: AbortSignal) => AsyncIterable<T>): WatchReader<T> {
  const controller = new AbortController();
  const iterator = call(controller.signal)[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | undefined;
  const pull = () => (pending ??= iterator.next());
  async function next(): Promise<T> {
    const result = await pull();
    pending = undefined;
    if (result.done) throw new Error("the watch ended");
    return result.value;
  }
  return {
    next,
    async readUntil(until) {
      const messages: T[] = [];
      for (;;) {
        const message = await next();
        messages.push(message);
        if (until(message)) return messages;
      }
    },
    // A window in which nothing may arrive: load can only make this pass wrongly, never fail wrongly.
    async quiet(ms) {
      let timer: NodeJS.Timeout | undefined;
      const silence = new Promise<"quiet">((resolve) => (timer = setTimeout(() => resolve("quiet"), ms)));
      try {
        const outcome = await Promise.race([pull(), silence]);
        if (outcome === "quiet") return true;
        pending = undefined;
        if (outcome.done) throw new Error("the watch ended");
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    close() {
      controller.abort();
      pull().catch(() => undefined);
    },
  };
}
