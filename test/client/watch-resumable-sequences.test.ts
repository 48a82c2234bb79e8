import { Code, ConnectError, type CallOptions } from "@connectrpc/connect";
import { WatchEventType } from "../../gen/kargo/api/v1/watch_pb.js";
import { watchResumable, type Resync } from "../../src/client/index.js";

// The paths of watchResumable a real server does not produce on demand (a stream broken inside its
// snapshot, a silent stream), driven by a scripted Watch* method: each call plays the next script.
interface Event {
  type: WatchEventType;
  resourceVersion: string;
  name?: string;
}
type Step = Event | ConnectError | "hang";

function scripted(scripts: Step[][]) {
  const requests: string[] = [];
  const method = (request: { resourceVersion?: string }, options?: CallOptions): AsyncIterable<Event> => {
    requests.push(request.resourceVersion ?? "");
    const script = scripts.shift() ?? [];
    return (async function* () {
      for (const step of script) {
        if (step instanceof ConnectError) throw step;
        if (step === "hang") {
          await new Promise((_, reject) => options?.signal?.addEventListener("abort", () => reject(options.signal!.reason)));
        } else yield step;
      }
    })();
  };
  return { method, requests };
}

const added = (name: string, rv: string): Event => ({ type: WatchEventType.ADDED, resourceVersion: rv, name });
const bookmark = (rv: string): Event => ({ type: WatchEventType.BOOKMARK, resourceVersion: rv });
const summary = (e: Event | Resync) => (e.type === "RESYNC" ? "RESYNC" : `${WatchEventType[e.type]}${e.name ? ` ${e.name}` : ""}@${e.resourceVersion}`);

async function take(events: AsyncIterable<Event | Resync>, n: number): Promise<string[]> {
  const out: string[] = [];
  for await (const e of events) {
    out.push(summary(e));
    if (out.length === n) break;
  }
  return out;
}

describe("watchResumable sequences", () => {
  it("starts over with RESYNC when the stream breaks inside its first snapshot", async () => {
    const { method, requests } = scripted([
      [added("a", "5"), new ConnectError("reset", Code.Unavailable)],
      [added("a", "5"), added("b", "6"), bookmark("7"), added("c", "8")],
    ]);
    const seen = await take(watchResumable(method, {}, { retry: { initialDelayMs: 1 } }), 6);
    expect(seen).toEqual(["ADDED a@5", "RESYNC", "ADDED a@5", "ADDED b@6", "BOOKMARK@7", "ADDED c@8"]);
    // Snapshot versions are not resume points: the second call has none.
    expect(requests).toEqual(["", ""]);
  });

  it("resumes from the last version after the snapshot, without RESYNC", async () => {
    const { method, requests } = scripted([[added("a", "5"), bookmark("7"), added("c", "8"), new ConnectError("gone", Code.Unavailable)], [added("d", "9")]]);
    expect(await take(watchResumable(method, {}, { retry: { initialDelayMs: 1 } }), 4)).toEqual(["ADDED a@5", "BOOKMARK@7", "ADDED c@8", "ADDED d@9"]);
    expect(requests).toEqual(["", "8"]);
  });

  it("treats a silent stream as broken after idleTimeoutMs and resumes", async () => {
    const { method, requests } = scripted([[bookmark("3"), "hang"], [added("x", "4")]]);
    expect(await take(watchResumable(method, {}, { idleTimeoutMs: 50, retry: { initialDelayMs: 1 } }), 2)).toEqual(["BOOKMARK@3", "ADDED x@4"]);
    expect(requests).toEqual(["", "3"]);
  });

  it("starts from the request's resourceVersion without a snapshot", async () => {
    const { method, requests } = scripted([[added("y", "12")]]);
    expect(await take(watchResumable(method, { resourceVersion: "11" }), 1)).toEqual(["ADDED y@12"]);
    expect(requests).toEqual(["11"]);
  });
});
