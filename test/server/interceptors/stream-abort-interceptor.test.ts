import { Code, ConnectError, type StreamRequest, type StreamResponse, type UnaryRequest, type UnaryResponse } from "@connectrpc/connect";
import { createStreamAbortInterceptor } from "../../../src/server/interceptors/stream-abort-interceptor.js";

// A response stream ends with the signal's reason as soon as it aborts, even while the handler
// waits for its next message (a plain object since issue 18, no longer an async generator).

function stalledStream() {
  const calls: string[] = [];
  const it: AsyncIterableIterator<number> = {
    [Symbol.asyncIterator]: () => it,
    next: () => new Promise<IteratorResult<number>>(() => {}),
    return: async () => (calls.push("return"), { done: true, value: undefined }),
  };
  return { it, calls };
}

async function intercept(message: AsyncIterable<number>, signal: AbortSignal): Promise<AsyncIterator<number>> {
  const next = async () => ({ stream: true, message }) as unknown as StreamResponse;
  const res = await createStreamAbortInterceptor()(next)({ stream: true, signal, method: { methodKind: "server_streaming" } } as unknown as StreamRequest);
  return (res.message as AsyncIterable<number>)[Symbol.asyncIterator]();
}

describe("the stream abort interceptor", () => {
  it("hands a unary call's response on as it is, even once the signal aborted", async () => {
    const abort = new AbortController();
    abort.abort(new ConnectError("server is shutting down", Code.Unavailable));
    const response = { stream: false, message: {} } as unknown as UnaryResponse;
    const next = async () => response;
    const req = { stream: false, signal: abort.signal, method: { methodKind: "unary" } } as unknown as UnaryRequest;
    await expect(createStreamAbortInterceptor()(next)(req)).resolves.toBe(response);
  });

  it("fails a pending next with the abort's reason and returns the handler's stream", async () => {
    const abort = new AbortController();
    const source = stalledStream();
    const stream = await intercept(source.it, abort.signal);
    const pending = stream.next();
    abort.abort(new ConnectError("server is shutting down", Code.Unavailable));
    await expect(pending).rejects.toMatchObject({ code: Code.Unavailable });
    expect(source.calls).toEqual(["return"]);
    await expect(stream.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it("fails at once when the signal was already aborted", async () => {
    const abort = new AbortController();
    abort.abort(new ConnectError("deadline", Code.DeadlineExceeded));
    const source = stalledStream();
    const stream = await intercept(source.it, abort.signal);
    await expect(stream.next()).rejects.toMatchObject({ code: Code.DeadlineExceeded });
    expect(source.calls).toEqual(["return"]);
  });

  it("fails the next read when the signal aborts between two reads", async () => {
    const abort = new AbortController();
    const source = stalledStream();
    const stream = await intercept(source.it, abort.signal);
    abort.abort(new ConnectError("server is shutting down", Code.Unavailable));
    expect(source.calls).toEqual(["return"]);
    await expect(stream.next()).rejects.toMatchObject({ code: Code.Unavailable });
    await expect(stream.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it("passes messages and the end through while the signal is quiet", async () => {
    async function* two() {
      yield 1;
      yield 2;
    }
    const stream = await intercept(two(), new AbortController().signal);
    expect(await stream.next()).toEqual({ done: false, value: 1 });
    expect(await stream.next()).toEqual({ done: false, value: 2 });
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });
});
