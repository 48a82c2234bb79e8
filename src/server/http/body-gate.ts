import type { ContextValues } from "@connectrpc/connect";

/** What a {@link BodyGate} is told about a call before anything of its body is read. */
export interface GatedCall {
  /** Fully-qualified service name, e.g. `kargo.api.v1.ProjectService`. */
  readonly service: string;
  /** Method name, e.g. `ListProjects`. */
  readonly method: string;
  readonly header: Headers;
  /** The call's context values, for what the gate learns (the caller) and interceptors read. */
  readonly contextValues: ContextValues;
}

/**
 * Runs before a call's request body is read (connect-es reads and decodes the body before any
 * interceptor runs, so an interceptor is too late to refuse a hostile body cheaply). Returns
 * undefined to let the body through at once, or a promise: the body is read only once it
 * resolves, and its rejection — a ConnectError — is the call's answer, written by connect-es in
 * the call's own protocol. The authentication layer uses it so that an unauthenticated request
 * costs a header check, whatever its body.
 */
export type BodyGate = (call: GatedCall) => Promise<unknown> | undefined;

/**
 * `body`, whose first read waits for `gate` (and fails with its rejection, after which the body is
 * never read). A plain iterator rather than an async generator: every authenticated call has one,
 * and a generator's `yield*` added a promise and microtask hops to every read (issue 18).
 */
export function gatedBody(body: AsyncIterable<Uint8Array>, gate: Promise<unknown>): AsyncIterableIterator<Uint8Array> {
  return new GatedBody(body, gate);
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

class GatedBody implements AsyncIterableIterator<Uint8Array> {
  /** The body's iterator once the gate let the first read through; undefined before and after. */
  private inner: AsyncIterator<Uint8Array> | undefined;
  private closed = false;

  constructor(
    private readonly body: AsyncIterable<Uint8Array>,
    private readonly gate: Promise<unknown>,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Uint8Array>> {
    if (this.inner !== undefined) return this.inner.next();
    if (this.closed) return Promise.resolve(DONE);
    return this.gate.then(
      () => {
        if (this.closed) return DONE;
        this.inner ??= this.body[Symbol.asyncIterator]();
        return this.inner.next();
      },
      (reason: unknown) => {
        this.closed = true;
        throw reason;
      },
    );
  }

  return(): Promise<IteratorResult<Uint8Array>> {
    this.closed = true;
    const inner = this.inner;
    this.inner = undefined;
    return inner?.return?.() ?? Promise.resolve(DONE);
  }
}
