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
  return (next) => (req) => {
    // A unary or client-streaming call answers one message: handed on as is, no async layer.
    if (req.method.methodKind === "unary" || req.method.methodKind === "client_streaming") {
      return next(req);
    }
    return next(req).then((res) => (res.stream ? { ...res, message: endOnAbort(res.message, req.signal) } : res));
  };
}

/**
 * `messages`, failing with the signal's reason as soon as it aborts, even while a `next()` is
 * pending. A class instance rather than an async generator with a Promise.race per message: one
 * of these lives per open stream (issue 18: watch fan-out; see wrap-stream.ts).
 */
function endOnAbort<T>(messages: AsyncIterable<T>, signal: AbortSignal): AsyncIterableIterator<T> {
  return new AbortableStream(messages[Symbol.asyncIterator](), signal);
}

class AbortableStream<T> implements AsyncIterableIterator<T> {
  private over = false;
  private rejectPending: ((reason: unknown) => void) | undefined;
  /** The abort's error when it came between two reads: the next read throws it. */
  private failure: ConnectError | undefined;
  private readonly onAbort = () => {
    if (this.over) return;
    this.finish(true);
    const error = ConnectError.from(this.signal.reason);
    if (this.rejectPending !== undefined) this.rejectPending(error);
    else this.failure = error;
    this.rejectPending = undefined;
  };

  constructor(
    private readonly it: AsyncIterator<T>,
    private readonly signal: AbortSignal,
  ) {
    signal.addEventListener("abort", this.onAbort, { once: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.failure !== undefined) {
      const failure = this.failure;
      this.failure = undefined;
      return Promise.reject(failure);
    }
    if (this.over) return Promise.resolve({ done: true, value: undefined });
    if (this.signal.aborted) {
      // Aborted before the listener was added (it only fires for a later abort).
      this.finish(true);
      return Promise.reject(ConnectError.from(this.signal.reason));
    }
    return new Promise<IteratorResult<T>>((resolve, reject) => {
      this.rejectPending = reject;
      this.it.next().then(
        (r) => {
          this.rejectPending = undefined;
          if (r.done === true) this.finish(false);
          resolve(r);
        },
        (e: unknown) => {
          this.rejectPending = undefined;
          if (!this.over) this.finish(true);
          reject(e);
        },
      );
    });
  }

  return(value?: unknown): Promise<IteratorResult<T>> {
    if (!this.over) this.finish(true);
    return Promise.resolve({ done: true, value: value as T });
  }

  private finish(returnInner: boolean): void {
    this.over = true;
    this.signal.removeEventListener("abort", this.onAbort);
    // Not awaited: a handler stuck in an await must not hold the stream open.
    if (returnInner) void this.it.return?.()?.catch(() => {});
  }
}
