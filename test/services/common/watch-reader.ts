/**
 * Reads a server stream message by message with a deadline per message, so a watch test fails
 * with a clear error instead of hanging. `close()` cancels the call.
 */
export interface WatchReader<T> {
  /** The next message; rejects after `timeoutMs` (default 5 s) or with the stream's error. */
  next(timeoutMs?: number): Promise<T>;
  /** Messages until one satisfies `until` (included). */
  readUntil(until: (message: T) => boolean, timeoutMs?: number): Promise<T[]>;
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
  async function next(timeoutMs = 5000): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no watch message within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const result = await Promise.race([pull(), timeout]);
      pending = undefined;
      if (result.done) throw new Error("the watch ended");
      return result.value;
    } finally {
      clearTimeout(timer);
    }
  }
  return {
    next,
    async readUntil(until, timeoutMs) {
      const messages: T[] = [];
      for (;;) {
        const message = await next(timeoutMs);
        messages.push(message);
        if (until(message)) return messages;
      }
    },
    async quiet(ms) {
      try {
        await next(ms);
        return false;
      } catch (error) {
        if (error instanceof Error && error.message.startsWith("no watch message")) return true;
        throw error;
      }
    },
    close() {
      controller.abort();
      pull().catch(() => undefined);
    },
  };
}
