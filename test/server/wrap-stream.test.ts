import { wrapStream, type StreamHooks } from "../../src/server/wrap-stream.js";

// The plain-object stream wrapper the interceptors use instead of async generators (issue 18):
// the same hooks a `try { yield* } catch / finally` generator ran, each exactly once.

interface Trace {
  readonly calls: string[];
  readonly hooks: StreamHooks<number>;
}

function trace(): Trace {
  const calls: string[] = [];
  return {
    calls,
    hooks: {
      message: (n) => n * 10,
      end: () => calls.push("end"),
      fail: (e) => (calls.push(`fail ${String(e)}`), new Error(`mapped ${String(e)}`)),
      abandon: () => calls.push("abandon"),
    },
  };
}

/** An inner stream that records return/throw and yields `items`, then throws `error` if given. */
function inner(items: number[], error?: string) {
  const calls: string[] = [];
  let i = 0;
  const it: AsyncIterableIterator<number> = {
    [Symbol.asyncIterator]: () => it,
    next: async () => {
      if (i < items.length) return { done: false, value: items[i++]! };
      if (error !== undefined) throw error;
      return { done: true, value: undefined };
    },
    return: async () => (calls.push("inner return"), { done: true, value: undefined }),
    throw: async (e: unknown) => {
      calls.push(`inner throw ${String(e)}`);
      throw e;
    },
  };
  return { it, calls };
}

describe("wrapStream", () => {
  it("maps each message and runs end once when the stream ends", async () => {
    const t = trace();
    const out: number[] = [];
    for await (const n of wrapStream(inner([1, 2]).it, t.hooks)) out.push(n);
    expect(out).toEqual([10, 20]);
    expect(t.calls).toEqual(["end"]);
  });

  it("throws what fail returns, once", async () => {
    const t = trace();
    const stream = wrapStream(inner([1], "boom").it, t.hooks);
    await expect(stream.next()).resolves.toEqual({ done: false, value: 10 });
    await expect(stream.next()).rejects.toThrow("mapped boom");
    await expect(stream.next()).resolves.toEqual({ done: true, value: undefined });
    expect(t.calls).toEqual(["fail boom"]);
  });

  it("forwards return to the inner stream, then runs abandon, once", async () => {
    const t = trace();
    const source = inner([1, 2, 3]);
    const stream = wrapStream(source.it, t.hooks);
    await stream.next();
    await stream.return?.();
    await stream.return?.();
    expect(source.calls).toEqual(["inner return", "inner return"]);
    expect(t.calls).toEqual(["abandon"]);
    await expect(stream.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it("forwards throw to the inner stream and maps what it throws", async () => {
    const t = trace();
    const source = inner([1]);
    const stream = wrapStream(source.it, t.hooks);
    await expect(stream.throw?.("downstream")).rejects.toThrow("mapped downstream");
    expect(source.calls).toEqual(["inner throw downstream"]);
    expect(t.calls).toEqual(["fail downstream"]);
  });
});
