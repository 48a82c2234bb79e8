import { gatedBody } from "../../../src/server/http/body-gate.js";

// A body that records when it is opened (its iterator asked for) and yields its chunks.
function recordingBody(chunks: string[]) {
  const events: string[] = [];
  const body: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]() {
      events.push("opened");
      const it = chunks.map((c) => new TextEncoder().encode(c))[Symbol.iterator]();
      return {
        next: async () => it.next(),
        return: async () => (events.push("returned"), { done: true, value: undefined }),
      };
    },
  };
  return { body, events };
}

const text = (r: IteratorResult<Uint8Array>) => (r.done ? "done" : new TextDecoder().decode(r.value));

describe("gatedBody", () => {
  it("opens the body only once the gate resolves, then passes every chunk and the end", async () => {
    const { body, events } = recordingBody(["a", "b"]);
    let open!: () => void;
    const gated = gatedBody(body, new Promise<void>((resolve) => (open = resolve)));
    const first = gated.next();
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual([]);
    open();
    expect(text(await first)).toBe("a");
    expect(text(await gated.next())).toBe("b");
    expect(text(await gated.next())).toBe("done");
    expect(events).toEqual(["opened"]);
  });

  it("fails the first read with the gate's rejection and never opens the body", async () => {
    const { body, events } = recordingBody(["secret"]);
    const gated = gatedBody(body, Promise.reject(new Error("unauthenticated")));
    await expect(gated.next()).rejects.toThrow("unauthenticated");
    await expect(gated.next()).resolves.toEqual({ done: true, value: undefined });
    expect(events).toEqual([]);
  });

  it("never opens a body returned before its first read", async () => {
    const { body, events } = recordingBody(["a"]);
    const gated = gatedBody(body, Promise.resolve());
    await gated.return!();
    await expect(gated.next()).resolves.toEqual({ done: true, value: undefined });
    expect(events).toEqual([]);
  });

  it("returns the body when the reader stops after the first chunk", async () => {
    const { body, events } = recordingBody(["a", "b"]);
    const chunks: string[] = [];
    for await (const chunk of gatedBody(body, Promise.resolve())) {
      chunks.push(new TextDecoder().decode(chunk));
      break;
    }
    expect(chunks).toEqual(["a"]);
    expect(events).toEqual(["opened", "returned"]);
  });
});
