import { readFileSync, rmSync } from "node:fs";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { create, fromBinary, fromJsonString, toBinary, toJsonString } from "@bufbuild/protobuf";
import { StageSchema } from "../../gen/kargo/api/v1/stage_pb.js";
import { StageService, WatchStagesRequestSchema, WatchStagesResponseSchema, type WatchStagesResponse } from "../../gen/kargo/api/v1/stage_service_pb.js";
import { WatchEventType } from "../../gen/kargo/api/v1/watch_pb.js";
import { createKubeCaches, type KubeCaches } from "../../src/kube/cache/kube-caches.js";
import { createKubeClient, type KubeClient } from "../../src/kube/kube-client.js";
import { RESOURCES } from "../../src/kube/kargo-resources.js";
import { toMessage } from "../../src/kube/to-message.js";
import { serveWatch, watchEventType } from "../../src/kube/watch/serve-watch.js";
import { createWatchHub, type WatchHub } from "../../src/kube/watch/watch-hub.js";
import { useEmbeddedControlPlane } from "../embedded/support/use-embedded-control-plane.js";
import { createProjectNamespace, stageObject } from "../kube/support/project-namespace.js";
import { implementSome } from "../support/implement-some.js";
import { NO_HEARTBEAT_MS } from "../support/no-watch-heartbeats.js";
import { openRawStream, payloadOf, rawRpcCases, type RawRpcCase, type RawStream } from "../support/raw-rpc.js";
import { writeThrowawayCertificate } from "../support/throwaway-certificate.js";
import { useApiServer, type ApiServerFixture } from "../support/use-api-server.js";
import { eventually } from "../support/eventually.js";

// Issue 18: once a watch has sent its snapshot, the handler hands the live subscription to the HTTP
// layer (src/server/http/direct-watch-stream.ts), which writes each event's shared frame to the
// response itself and ends the stream in each protocol's form. What a client receives must not
// change. Two servers run the same WatchStages handler over the same watch hub: one lets it hand
// off (serveWatch given the handler's context), the other keeps it on connect-es's pipeline
// (serveWatch given only the signal, as before). Every test compares the two byte for byte, on every
// protocol, format and HTTP version: live events, a DELETED by filter, a heartbeat, and the end of
// the stream (deadline, shutdown).

const PROJECT = "direct";
const PROCEDURE = `/${StageService.typeName}/WatchStages`;
const schema = WatchStagesResponseSchema;

let caches: KubeCaches;
let hub: WatchHub;
let kube: KubeClient;
/** WatchStages handlers whose generator is still running, per server. */
const running = { direct: 0, connect: 0, tls: 0 };

function watchStagesService(server: keyof typeof running) {
  return () => [
    implementSome(StageService, {
      async *watchStages(req, ctx) {
        running[server]++;
        try {
          yield* serveWatch(
            hub,
            { type: RESOURCES.stages, namespace: req.project, resourceVersion: req.resourceVersion, filter: (s) => s.metadata.labels?.["hidden"] !== "yes" },
            server === "connect" ? ctx.signal : ctx,
            (e) =>
              create(WatchStagesResponseSchema, {
                type: watchEventType(e.type),
                stage: e.object && toMessage(StageSchema, e.object),
                resourceVersion: e.resourceVersion,
              }),
            { heartbeatMs: req.name === "heartbeat" ? 300 : NO_HEARTBEAT_MS, ...(req.name === "overflow" ? { bufferLimit: 1 } : {}) },
          );
        } finally {
          running[server]--;
        }
      },
    }),
  ];
}

const controlPlane = useEmbeddedControlPlane();
const servers: Record<"direct" | "connect", ApiServerFixture> = {
  direct: useApiServer({ services: watchStagesService("direct"), env: { GRACEFUL_SHUTDOWN_TIMEOUT: "10s" } }),
  connect: useApiServer({ services: watchStagesService("connect"), env: { GRACEFUL_SHUTDOWN_TIMEOUT: "10s" } }),
};

// The same hand-off over TLS (HTTP/2 by ALPN, HTTP/1.1 fallback), with a throw-away certificate.
const tls = writeThrowawayCertificate("kargo-direct-tls-");
const tlsServer = useApiServer({ services: watchStagesService("tls"), env: { TLS_CERT_PATH: tls.certPath, TLS_KEY_PATH: tls.keyPath } });

beforeAll(async () => {
  caches = createKubeCaches(controlPlane.kubeConfig());
  hub = createWatchHub(caches, { heartbeatMs: NO_HEARTBEAT_MS });
  kube = createKubeClient(controlPlane.kubeConfig(), { caches });
  await caches.start([RESOURCES.stages]);
  await createProjectNamespace(kube, PROJECT);
  for (const name of ["a", "b", "c"]) await kube.create(RESOURCES.stages, stageObject(PROJECT, name));
});

afterAll(() => {
  caches.stop();
  rmSync(tls.dir, { recursive: true, force: true });
});

function decode(c: RawRpcCase, frame: Buffer): WatchStagesResponse {
  const payload = payloadOf(frame);
  return c.binary ? fromBinary(schema, payload) : fromJsonString(schema, payload.toString("utf8"));
}

/** Message frames (flags 0) that are BOOKMARKs. */
function bookmarks(c: RawRpcCase, frames: readonly Buffer[]): number {
  return frames.filter((f) => f[0] === 0 && decode(c, f).type === WatchEventType.BOOKMARK).length;
}

interface Pair {
  readonly c: RawRpcCase;
  readonly direct: RawStream;
  readonly connect: RawStream;
}

/** The same WatchStages call on both servers. */
function openPair(c: RawRpcCase, name: string, headers: Record<string, string> = {}): Pair {
  const input = create(WatchStagesRequestSchema, { project: PROJECT, name });
  const request = c.binary ? toBinary(WatchStagesRequestSchema, input) : new TextEncoder().encode(toJsonString(WatchStagesRequestSchema, input));
  const open = (server: ApiServerFixture) => openRawStream(c, { baseUrl: server.baseUrl, path: PROCEDURE, request, headers });
  return { c, direct: open(servers.direct), connect: open(servers.connect) };
}

const hex = (frames: readonly Buffer[]) => frames.map((f) => f.toString("hex"));

/** Every pair's two streams, once `check` holds for both. */
async function bothUntil(pairs: readonly Pair[], check: (c: RawRpcCase, frames: readonly Buffer[]) => boolean): Promise<void> {
  await Promise.all(pairs.flatMap((p) => [p.direct.until((f) => check(p.c, f)), p.connect.until((f) => check(p.c, f))]));
}

function finishedCalls(server: ApiServerFixture, code: string): number {
  return server.logs.records().filter((r) => r["procedure"] === PROCEDURE && r["msg"] === "rpc finished" && r["code"] === code).length;
}

/** The open-streams gauge of WatchStages. */
async function openStreams(server: ApiServerFixture): Promise<number> {
  const metric = await server.server.metrics.openStreams.get();
  return metric.values.find((v) => v.labels["procedure"] === PROCEDURE)?.value ?? 0;
}

/** Warnings and errors logged, by message. */
function warnings(server: ApiServerFixture): string[] {
  return server.logs
    .records()
    .filter((r) => (typeof r["level"] === "number" ? r["level"] >= 40 : r["level"] === "warn" || r["level"] === "error"))
    .map((r) => String(r["msg"]))
    .sort();
}

describe("a handed-off watch stream", () => {
  it("leaves the handler and its pipeline behind, stays open, and sends live events as the connect path does", async () => {
    const pairs = rawRpcCases.map((c) => openPair(c, "live"));
    try {
      await bothUntil(pairs, (c, f) => bookmarks(c, f) >= 1);
      // Past the snapshot: every direct handler's generator has finished (the call lives on in the
      // HTTP layer); the connect path's are still iterating.
      await eventually(() => running.direct === 0);
      expect(running.connect).toBe(rawRpcCases.length);
      const snapshot = pairs.map((p) => p.direct.frames.length);

      const ref = (name: string) => ({ namespace: PROJECT, name });
      await kube.mergePatch(RESOURCES.stages, ref("a"), { metadata: { annotations: { "direct.test/mark": "1" } } }); // MODIFIED
      await kube.mergePatch(RESOURCES.stages, ref("b"), { metadata: { labels: { hidden: "yes" } } }); // leaves the filter: DELETED
      await kube.create(RESOURCES.stages, stageObject(PROJECT, "d")); // ADDED
      await kube.delete(RESOURCES.stages, ref("d")); // DELETED
      await bothUntil(pairs, (c, f) => f.length >= snapshot[rawRpcCases.indexOf(c)]! + 4);

      for (const [i, p] of pairs.entries()) {
        expect([p.c.name, hex(p.direct.frames)]).toEqual([p.c.name, hex(p.connect.frames)]);
        const live = p.direct.frames.slice(snapshot[i]);
        const events = live.map((f) => decode(p.c, f));
        expect(events.map((e) => [e.type, e.stage?.metadata?.name])).toEqual([
          [WatchEventType.MODIFIED, "a"],
          [WatchEventType.DELETED, "b"],
          [WatchEventType.ADDED, "d"],
          [WatchEventType.DELETED, "d"],
        ]);
        // And each is exactly the encoding of its message.
        expect(live.map((f) => payloadOf(f).toString("hex"))).toEqual(
          events.map((e) => Buffer.from(p.c.binary ? toBinary(schema, e) : new TextEncoder().encode(toJsonString(schema, e))).toString("hex")),
        );
      }
      // Still open on both servers, and counted open.
      expect(running.connect).toBe(rawRpcCases.length);
      expect(await openStreams(servers.direct)).toBe(rawRpcCases.length);
    } finally {
      for (const p of pairs) {
        p.direct.close();
        p.connect.close();
      }
    }
    // A client that leaves releases the subscription and is logged once, as canceled.
    await eventually(() => hub.subscriberCount(RESOURCES.stages) === 0);
    await eventually(() => finishedCalls(servers.direct, "canceled") === rawRpcCases.length);
    expect(finishedCalls(servers.direct, "ok")).toBe(0);
    expect(await openStreams(servers.direct)).toBe(0);
    await eventually(() => finishedCalls(servers.connect, "canceled") === rawRpcCases.length);
    expect(warnings(servers.direct)).toEqual(warnings(servers.connect));
  });

  it("sends heartbeat BOOKMARKs as the connect path does", async () => {
    const pairs = rawRpcCases.map((c) => openPair(c, "heartbeat"));
    try {
      await bothUntil(pairs, (c, f) => bookmarks(c, f) >= 2);
      for (const p of pairs) {
        const upToHeartbeat = (frames: readonly Buffer[]) => frames.slice(0, frames.findIndex((_, i) => bookmarks(p.c, frames.slice(0, i + 1)) === 2) + 1);
        expect([p.c.name, hex(upToHeartbeat(p.direct.frames))]).toEqual([p.c.name, hex(upToHeartbeat(p.connect.frames))]);
      }
    } finally {
      for (const p of pairs) {
        p.direct.close();
        p.connect.close();
      }
    }
  });

  it("ends at its deadline with DEADLINE_EXCEEDED, in each protocol's form, as the connect path does", async () => {
    const before = finishedCalls(servers.direct, "deadline_exceeded");
    const pairs = rawRpcCases.map((c) => openPair(c, "deadline", c.protocol === "connect" ? { "connect-timeout-ms": "4000" } : { "grpc-timeout": "4000m" }));
    await bothUntil(pairs, (c, f) => bookmarks(c, f) >= 1);
    await eventually(() => running.direct === 0); // handed off before the deadline
    for (const p of pairs) {
      const [direct, connect] = await Promise.all([p.direct.ended, p.connect.ended]);
      expect([p.c.name, direct, hex(p.direct.frames)]).toEqual([p.c.name, connect, hex(p.connect.frames)]);
      expectEnd(p.c, p.direct.frames, direct.trailers, 4, "deadline_exceeded");
    }
    await eventually(() => finishedCalls(servers.direct, "deadline_exceeded") === before + rawRpcCases.length);
  });

  it("compresses a large event as the connect path does when the client accepts gzip", async () => {
    const pairs = rawRpcCases.map((c) =>
      openPair(c, "gzip", c.protocol === "connect" ? { "connect-accept-encoding": "gzip" } : { "grpc-accept-encoding": "gzip" }),
    );
    try {
      await bothUntil(pairs, (c, f) => bookmarks(c, f) >= 1);
      await eventually(() => running.direct === 0);
      const snapshot = pairs.map((p) => p.direct.frames.length);
      // Over connect-es's 1 KiB threshold: compressed, once for every stream of the same format.
      await kube.mergePatch(RESOURCES.stages, { namespace: PROJECT, name: "a" }, { metadata: { annotations: { "direct.test/large": "x".repeat(4096) } } });
      await bothUntil(pairs, (c, f) => f.length > snapshot[rawRpcCases.indexOf(c)]!);
      for (const [i, p] of pairs.entries()) {
        expect([p.c.name, hex(p.direct.frames)]).toEqual([p.c.name, hex(p.connect.frames)]);
        expect([p.c.name, p.direct.frames[snapshot[i]!]![0]]).toEqual([p.c.name, 0x01]);
      }
    } finally {
      for (const p of pairs) {
        p.direct.close();
        p.connect.close();
      }
    }
  });

  it("ends a consumer that falls behind with RESOURCE_EXHAUSTED, in each protocol's form, as the connect path does", async () => {
    // HTTP/2 only: a paused HTTP/2 reader stops its flow-control window, so the server meets
    // backpressure after a few hundred KiB; an HTTP/1.1 socket's kernel buffers take megabytes.
    const cases = rawRpcCases.filter((c) => c.http === "2");
    await kube.create(RESOURCES.stages, stageObject(PROJECT, "big"));
    const pairs = cases.map((c) => openPair(c, "overflow"));
    await bothUntil(pairs, (c, f) => bookmarks(c, f) >= 1);
    await eventually(() => running.direct === 0);
    for (const p of pairs) {
      p.direct.pause();
      p.connect.pause();
    }
    // Each change is a ~48 KiB event: a few fill the paused streams' windows and buffers, the
    // rest queue in the subscription past its limit of 1.
    for (let i = 0; i < 12; i++) {
      await kube.mergePatch(
        RESOURCES.stages,
        { namespace: PROJECT, name: "big" },
        { metadata: { annotations: { "direct.test/fill": `${i}`.repeat(48 * 1024) } } },
      );
    }
    await eventually(() => hub.subscriberCount(RESOURCES.stages) === 0); // every subscription overflowed
    for (const p of pairs) {
      p.direct.resume();
      p.connect.resume();
    }
    for (const p of pairs) {
      const [direct, connect] = await Promise.all([p.direct.ended, p.connect.ended]);
      expectEnd(p.c, p.direct.frames, direct.trailers, 8, "resource_exhausted");
      expect([p.c.name, direct, p.direct.frames.at(-1)?.toString("hex")]).toEqual([p.c.name, connect, p.connect.frames.at(-1)?.toString("hex")]);
      expect([p.c.name, hex(p.direct.frames)]).toEqual([p.c.name, hex(p.connect.frames)]);
    }
    await eventually(() => finishedCalls(servers.direct, "resource_exhausted") === cases.length);
  });

  it.each([
    ["Connect over HTTP/2 (ALPN)", (baseUrl: string, ca: Buffer) => createConnectTransport({ baseUrl, httpVersion: "2", nodeOptions: { ca } })],
    ["gRPC over HTTP/2 (ALPN)", (baseUrl: string, ca: Buffer) => createGrpcTransport({ baseUrl, nodeOptions: { ca } })],
    ["gRPC-Web over HTTP/1.1 (fallback)", (baseUrl: string, ca: Buffer) => createGrpcWebTransport({ baseUrl, httpVersion: "1.1", nodeOptions: { ca } })],
  ])("is served over TLS too: %s", async (_name, make) => {
    const client = createClient(StageService, make(tlsServer.baseUrl, readFileSync(tls.certPath)));
    const abort = new AbortController();
    const stream = client.watchStages({ project: PROJECT, name: "tls" }, { signal: abort.signal })[Symbol.asyncIterator]();
    try {
      for (let r = await stream.next(); r.value?.type !== WatchEventType.BOOKMARK; r = await stream.next()) expect(r.done).toBe(false);
      await eventually(() => running.tls === 0); // handed off
      const mark = `tls-${Date.now()}`;
      await kube.mergePatch(RESOURCES.stages, { namespace: PROJECT, name: "a" }, { metadata: { annotations: { "direct.test/tls": mark } } });
      let event = await stream.next();
      while (event.value?.stage?.metadata?.annotations["direct.test/tls"] !== mark) event = await stream.next();
      expect(event.value?.type).toBe(WatchEventType.MODIFIED);
    } finally {
      abort.abort();
    }
    await eventually(() => hub.subscriberCount(RESOURCES.stages) === 0);
  });

  // Last: it shuts both servers down.
  it("ends with UNAVAILABLE on shutdown, in each protocol's form, as the connect path does", async () => {
    const pairs = rawRpcCases.map((c) => openPair(c, "shutdown"));
    await bothUntil(pairs, (c, f) => bookmarks(c, f) >= 1);
    await eventually(() => running.direct === 0);
    await Promise.all([servers.direct.server.shutdown(), servers.connect.server.shutdown()]);
    for (const p of pairs) {
      const [direct, connect] = await Promise.all([p.direct.ended, p.connect.ended]);
      expect([p.c.name, direct, hex(p.direct.frames)]).toEqual([p.c.name, connect, hex(p.connect.frames)]);
      expectEnd(p.c, p.direct.frames, direct.trailers, 14, "unavailable");
    }
    expect(finishedCalls(servers.direct, "unavailable")).toBe(rawRpcCases.length);
    expect(hub.subscriberCount(RESOURCES.stages)).toBe(0);
  });
});

/** The stream ended with gRPC code `code` (Connect: `name`) in the protocol's own form. */
function expectEnd(c: RawRpcCase, frames: readonly Buffer[], trailers: Record<string, string>, code: number, name: string): void {
  const last = frames.at(-1)!;
  if (c.protocol === "connect") {
    expect(last[0]).toBe(0x02);
    expect((JSON.parse(payloadOf(last).toString("utf8")) as { error?: { code?: string } }).error?.code).toBe(name);
  } else if (c.protocol === "grpc-web") {
    expect(last[0]).toBe(0x80);
    expect(payloadOf(last).toString("utf8")).toContain(`grpc-status: ${code}\r\n`);
  } else {
    expect(trailers["grpc-status"]).toBe(String(code));
  }
}
