import { Code, ConnectError } from "@connectrpc/connect";
import { WatchEventType } from "../../gen/kargo/api/v1/watch_pb.js";
import type { WatchWarehousesResponse } from "../../gen/kargo/api/v1/warehouse_service_pb.js";
import { createKargoClient, staticToken, watchResumable, type KargoClient, type Resync } from "../../src/client/index.js";
import { pipelineManifest } from "../cli/support/pipeline-manifest.js";
import { useKargoStack } from "../support/use-kargo-stack.js";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy.js";

type Event = WatchWarehousesResponse | Resync;
const project = "resumable";

/** A readable summary of a watch event: "ADDED w1", "BOOKMARK", "RESYNC". */
const label = (e: Event) => (e.type === "RESYNC" ? "RESYNC" : `${WatchEventType[e.type]}${e.warehouse ? ` ${e.warehouse.metadata?.name}` : ""}`);

/** Collects a watch's events in the background; `until` waits for a condition on them. */
function collect(events: AsyncIterable<Event>) {
  const seen: Event[] = [];
  let failure: unknown;
  const done = (async () => {
    try {
      for await (const e of events) seen.push(e);
    } catch (e) {
      failure = e;
    }
  })();
  return {
    seen,
    // MODIFIED events come and go with the warehouse controller's status updates: left out.
    labels: () => seen.filter((e) => e.type !== WatchEventType.BOOKMARK && e.type !== WatchEventType.MODIFIED).map(label),
    done,
    // No deadline of its own (the test timeout is the only bound); `what` names the wait.
    async until(_what: string, check: () => boolean) {
      while (!check()) {
        if (failure !== undefined) throw failure;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

describe("watchResumable", () => {
  const stack = useKargoStack();
  let proxy: TcpProxy;
  let admin: KargoClient;
  const warehouse = (name: string) =>
    admin.warehouses.createWarehouse({
      project,
      name,
      spec: { freightCreationPolicy: "Manual", subscriptions: [{ image: { repoUrl: `registry.example.org/${name}` } }] },
    });

  beforeAll(async () => {
    proxy = await startTcpProxy(stack().baseUrl);
    admin = createKargoClient(stack().baseUrl, { auth: staticToken(stack().adminToken) });
    await admin.resources.createOrUpdateResource({ manifest: new TextEncoder().encode(pipelineManifest(project)) });
  });
  afterAll(() => proxy.close());

  it("resumes after a broken connection from the last version: no gap, no repeated snapshot", async () => {
    const abort = new AbortController();
    const reconnects: string[] = [];
    const kargo = createKargoClient(proxy.url, { auth: staticToken(stack().adminToken) });
    const watch = collect(
      watchResumable(
        kargo.warehouses.watchWarehouses,
        { project },
        { signal: abort.signal, retry: { initialDelayMs: 20 }, onReconnect: (_e, rv) => reconnects.push(rv) },
      ),
    );
    try {
      await watch.until("the snapshot", () => watch.seen.some((e) => e.type === WatchEventType.BOOKMARK));
      expect(watch.labels()).toEqual(["ADDED images"]);

      proxy.dropNext(2); // the first reconnections fail too
      proxy.cutAll();
      await warehouse("while-away");
      await watch.until("the warehouse created while disconnected", () => watch.labels().includes("ADDED while-away"));
      await warehouse("after");
      await watch.until("the next warehouse", () => watch.labels().includes("ADDED after"));

      expect(watch.labels()).toEqual(["ADDED images", "ADDED while-away", "ADDED after"]);
      expect(reconnects.length).toBeGreaterThanOrEqual(1);
      expect(reconnects.every((rv) => rv !== "")).toBe(true);
    } finally {
      abort.abort();
      await watch.done;
    }
  });

  it("on OUT_OF_RANGE yields RESYNC, then a fresh snapshot", async () => {
    const abort = new AbortController();
    // A version the server never issued (a client that kept one across a data directory reset):
    // answered OUT_OF_RANGE at once, where the watch used to hang silently dropping every event.
    const watch = collect(watchResumable(admin.warehouses.watchWarehouses, { project, resourceVersion: "999999999" }, { signal: abort.signal }));
    try {
      await watch.until("the snapshot", () => watch.seen.some((e) => e.type === WatchEventType.BOOKMARK));
      const [first, ...rest] = watch.seen;
      expect(first?.type).toBe("RESYNC");
      expect((first as Resync).reason.code).toBe(Code.OutOfRange);
      const snapshot = rest
        .slice(
          0,
          rest.findIndex((e) => e.type === WatchEventType.BOOKMARK),
        )
        .map(label);
      expect(snapshot.sort()).toEqual(["ADDED after", "ADDED images", "ADDED while-away"]);
    } finally {
      abort.abort();
      await watch.done;
    }
  });

  it("ends with the error when the server refuses the watch (NOT_FOUND is not retried)", async () => {
    const events = watchResumable(admin.warehouses.watchWarehouses, { project: "no-such-project" });
    await expect(
      (async () => {
        for await (const _ of events) {
          /* none */
        }
      })(),
    ).rejects.toMatchObject({ code: Code.NotFound });
  });

  it("ends without an error when its signal aborts", async () => {
    const abort = new AbortController();
    const watch = collect(watchResumable(admin.warehouses.watchWarehouses, { project }, { signal: abort.signal }));
    await watch.until("the snapshot", () => watch.seen.some((e) => e.type === WatchEventType.BOOKMARK));
    abort.abort();
    await watch.done;
    // The warehouse controller's status updates (MODIFIED) may arrive between the check and the abort.
    expect(watch.seen.filter((e) => e.type !== WatchEventType.MODIFIED).at(-1)?.type).toBe(WatchEventType.BOOKMARK);
  });

  it("gives up after maxAttempts consecutive failed connections", async () => {
    const kargo = createKargoClient(proxy.url, { auth: staticToken(stack().adminToken) });
    proxy.dropNext(3);
    const events = watchResumable(kargo.warehouses.watchWarehouses, { project }, { retry: { maxAttempts: 3, initialDelayMs: 5 } });
    const error = await (async () => {
      try {
        for await (const _ of events) {
          /* none */
        }
      } catch (e) {
        return ConnectError.from(e);
      }
      return undefined;
    })();
    expect(error?.code).toBe(Code.Unavailable);
  });
});
