import { ConnectError, type Interceptor } from "@connectrpc/connect";

/**
 * Ends a response stream as soon as the call's signal aborts (server
 * shutdown, deadline, client gone), even if the handler is still waiting for
 * its next message. The stream then ends with the abort's reason as status:
 * UNAVAILABLE "server is shutting down" on shutdown, DEADLINE_EXCEEDED on a
 * deadline. Without this a handler that does not watch its signal would keep
 * the stream, and the shutdown, waiting until the hard timeout resets it.
 * Unary calls are left alone: shutdown lets them finish.
 */
export function createStreamAbortInterceptor(): Interceptor {
  return (next) => async (req) => {
    const res = await next(req);
    if (!res.stream) {
      return res;
    }
    return { ...res, message: endOnAbort(res.message, req.signal) };
  };
}

async function* endOnAbort<T>(messages: AsyncIterable<T>, signal: AbortSignal): AsyncIterable<T> {
  const iterator = messages[Symbol.asyncIterator]();
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(ConnectError.from(signal.reason));
  });
  aborted.catch(() => {});
  if (signal.aborted) {
    onAbort();
  } else {
    signal.addEventListener("abort", onAbort, { once: true });
  }
  let done = false;
  try {
    for (;;) {
      const r = await Promise.race([iterator.next(), aborted]);
      if (r.done) {
        done = true;
        return;
      }
      yield r.value;
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    if (!done) {
      // Not awaited: a handler stuck in an await must not hold the stream open.
      void iterator.return?.()?.catch(() => {});
    }
  }
}
