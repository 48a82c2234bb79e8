/** What a wrapper does at each point of a response stream's life; every hook is optional. */
export interface StreamHooks<T> {
  /** Each message on its way out (may replace it). */
  readonly message?: (value: T) => T;
  /** The stream ended normally. */
  readonly end?: () => void;
  /** The stream failed with `error`: returns what the consumer sees thrown instead. */
  readonly fail?: (error: unknown) => unknown;
  /** The consumer stopped reading before the end (return, or throw from downstream). */
  readonly abandon?: () => void;
}

/**
 * `messages` with `hooks` applied. The hooks run exactly once each for the first of end / fail /
 * abandon. Unlike a generator's, `return()` acts at once even while a `next()` is pending; it is
 * forwarded to `messages` like `yield*` would (awaited, then `abandon`).
 */
export function wrapStream<T>(messages: AsyncIterable<T>, hooks: StreamHooks<T>): AsyncIterableIterator<T> {
  return new WrappedStream(messages[Symbol.asyncIterator](), hooks);
}

/**
 * A class instance rather than an async generator or an object literal of closures: one of these
 * lives per interceptor per open stream (10,000 watch streams hold 10,000 of each; issue 18), and
 * an instance is a few in-object fields with its methods on the prototype, where a generator holds
 * a suspended frame and a request queue, and a literal with a computed key its own property array.
 */
class WrappedStream<T> implements AsyncIterableIterator<T> {
  private over = false;

  constructor(
    private readonly it: AsyncIterator<T>,
    private readonly hooks: StreamHooks<T>,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.over) return Promise.resolve({ done: true, value: undefined });
    return this.it.next().then(
      (r) => this.settle(r),
      (e: unknown) => this.failed(e),
    );
  }

  async return(value?: unknown): Promise<IteratorResult<T>> {
    const wasOver = this.over;
    this.over = true;
    try {
      await this.it.return?.(value);
    } finally {
      if (!wasOver) this.hooks.abandon?.();
    }
    return { done: true, value: value as T };
  }

  async throw(error?: unknown): Promise<IteratorResult<T>> {
    if (this.it.throw === undefined) {
      const wasOver = this.over;
      this.over = true;
      await this.it.return?.();
      if (!wasOver) this.hooks.abandon?.();
      throw error;
    }
    return this.it.throw(error).then(
      (r) => this.settle(r),
      (e: unknown) => this.failed(e),
    );
  }

  private settle(r: IteratorResult<T>): IteratorResult<T> {
    if (r.done === true) {
      if (!this.over) {
        this.over = true;
        this.hooks.end?.();
      }
      return r;
    }
    return this.hooks.message === undefined ? r : { done: false, value: this.hooks.message(r.value) };
  }

  private failed(error: unknown): never {
    if (this.over) throw error;
    this.over = true;
    throw this.hooks.fail === undefined ? error : this.hooks.fail(error);
  }
}
