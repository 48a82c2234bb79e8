import { connect as http2Connect, constants as h2 } from "node:http2";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { Health } from "../../gen/grpc/health/v1/health_pb.js";
import { SystemService } from "../../gen/kargo/api/v1/system_service_pb.js";
import { loggerKey } from "../../src/server/context/logger-key.js";
import { implementSome } from "../support/implement-some.js";
import { useApiServer } from "../support/use-api-server.js";

describe("API server logging and errors", () => {
  // A SystemService whose handlers misbehave on purpose: one logs secrets through the call logger,
  // one throws a plain Error with internal detail.
  const api = useApiServer({
    services: () => [
      implementSome(SystemService, {
        getVersionInfo(_req, ctx) {
          ctx.values
            .get(loggerKey)
            .logger.info(
              { headers: Object.fromEntries(ctx.requestHeader), password: "hunter2", request: { token: "tok-123", id_token: "idt-456" } },
              "handler saw a request",
            );
          return {};
        },
        getConfig() {
          throw new Error("database password=hunter2 rejected at /srv/db.ts:12");
        },
      }),
    ],
  });
  const client = () => createClient(SystemService, createConnectTransport({ baseUrl: api.baseUrl, httpVersion: "1.1" }));

  it("writes one line per finished RPC with procedure, protocol, code, duration and request id", async () => {
    const before = api.logs.records().length;
    let echoed: string | null = null;
    await client().getVersionInfo({}, { headers: { "x-request-id": "req-abc-123" }, onHeader: (h) => (echoed = h.get("x-request-id")) });
    const lines = api.logs
      .records()
      .slice(before)
      .filter((r) => r.msg === "rpc finished");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      procedure: "/kargo.api.v1.SystemService/GetVersionInfo",
      protocol: "connect",
      code: "ok",
      requestId: "req-abc-123",
    });
    expect(typeof lines[0].durationMs).toBe("number");
    expect(echoed).toBe("req-abc-123");
  });

  it("generates a request id when the caller sends none (or an unusable one) and returns it", async () => {
    let echoed: string | null = null;
    await client().getVersionInfo({}, { headers: { "x-request-id": "bad id with spaces\n" }, onHeader: (h) => (echoed = h.get("x-request-id")) });
    expect(echoed).toMatch(/^[0-9a-f-]{36}$/);
    expect(api.logs.records().some((r) => r.requestId === echoed && r.msg === "rpc finished")).toBe(true);
  });

  it("never writes the authorization header, passwords or tokens", async () => {
    await client().getVersionInfo({}, { headers: { authorization: "Bearer s3cr3t-t0ken" } });
    const all = api.logs.lines.join("");
    expect(all).toContain("handler saw a request");
    expect(all).toContain("[redacted]");
    for (const secret of ["s3cr3t-t0ken", "hunter2", "tok-123", "idt-456"]) {
      expect(all).not.toContain(secret);
    }
  });

  it("turns a handler's plain Error into INTERNAL with a generic message, and logs the cause", async () => {
    const err = await client()
      .getConfig({})
      .then(
        () => undefined,
        (e: unknown) => ConnectError.from(e),
      );
    expect(err?.code).toBe(Code.Internal);
    expect(err?.rawMessage).toBe("internal error");
    const failure = api.logs.records().find((r) => r.msg === "handler threw a non-ConnectError");
    expect(failure).toMatchObject({ procedure: "/kargo.api.v1.SystemService/GetConfig" });
    expect(JSON.stringify(failure)).toContain("rejected at /srv/db.ts:12");
    expect(api.logs.records().find((r) => r.msg === "rpc failed" && r.code === "internal")).toBeDefined();
    // The client can quote the request id to find the cause in the log.
    expect(failure?.requestId).toBe(err?.metadata.get("x-request-id"));
  });

  it("logs a request rejected before any handler (malformed JSON) with its code", async () => {
    await fetch(`${api.baseUrl}/kargo.api.v1.SystemService/GetVersionInfo`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "rejected-1" },
      body: "{",
    });
    expect(api.logs.records().find((r) => r.requestId === "rejected-1")).toMatchObject({
      msg: "rpc rejected",
      code: "invalid_argument",
      procedure: "/kargo.api.v1.SystemService/GetVersionInfo",
    });
  });

  describe("a client that leaves a server stream", () => {
    // Over HTTP/2 the client resets the stream (connect-node's server turns RST_STREAM INTERNAL_ERROR
    // into code internal, CANCEL into canceled) or drops the connection; over HTTP/1.1 the connection
    // closes. None is a server fault.
    // Health.Watch calls counted so far by code (all protocols).
    const watchCounts = async () => {
      const text = await (await fetch(`${api.baseUrl}/metrics`)).text();
      const count = (code: string) =>
        [...text.matchAll(new RegExp(`^kargo_api_rpc_handled_total\\{procedure="/grpc.health.v1.Health/Watch",[^}]*code="${code}"\\} (\\d+)$`, "gm"))].reduce(
          (sum, m) => sum + Number(m[1]),
          0,
        );
      return { canceled: count("canceled"), internal: count("internal"), unknown: count("unknown") };
    };
    // Opens Health.Watch as a client would, waits for the first message, then aborts.
    const viaClient = (transport: () => Parameters<typeof createClient>[1]) => async (requestId: string) => {
      const abort = new AbortController();
      const stream = createClient(Health, transport())
        .watch({}, { signal: abort.signal, headers: { "x-request-id": requestId } })
        [Symbol.asyncIterator]();
      await stream.next();
      abort.abort();
      await stream.next().catch(() => {});
    };
    // A raw HTTP/2 gRPC call, so the reset code is the test's choice, not a client library's.
    const viaRawHttp2 = (leave: "rst-internal" | "rst-cancel" | "connection-dropped") => async (requestId: string) => {
      const session = http2Connect(api.baseUrl);
      const stream = session.request({
        ":method": "POST",
        ":path": "/grpc.health.v1.Health/Watch",
        "content-type": "application/grpc",
        te: "trailers",
        "x-request-id": requestId,
      });
      stream.on("error", () => {}); // resetting with an error code errors our side of the stream too
      stream.end(Buffer.alloc(5)); // one empty HealthCheckRequest
      await new Promise((resolve) => stream.once("data", resolve));
      if (leave === "connection-dropped") {
        session.destroy();
        return;
      }
      stream.close(leave === "rst-internal" ? h2.NGHTTP2_INTERNAL_ERROR : h2.NGHTTP2_CANCEL, () => session.close());
    };
    it.each([
      ["gRPC over HTTP/2 (client abort)", viaClient(() => createGrpcTransport({ baseUrl: api.baseUrl }))],
      ["Connect over HTTP/2 (client abort)", viaClient(() => createConnectTransport({ baseUrl: api.baseUrl, httpVersion: "2" }))],
      ["Connect over HTTP/1.1 (client abort: connection closed)", viaClient(() => createConnectTransport({ baseUrl: api.baseUrl, httpVersion: "1.1" }))],
      ["RST_STREAM INTERNAL_ERROR from the peer", viaRawHttp2("rst-internal")],
      ["RST_STREAM CANCEL from the peer", viaRawHttp2("rst-cancel")],
      ["the peer's HTTP/2 connection dropped", viaRawHttp2("connection-dropped")],
    ])("is logged as canceled, not as a failure, and counted as canceled: %s", async (_, leave) => {
      const requestId = `leaver-${Math.random().toString(36).slice(2)}`;
      const countsBefore = await watchCounts();
      await leave(requestId);
      // The server notices the reset or close asynchronously.
      let line: Record<string, unknown> | undefined;
      for (let i = 0; i < 100 && line === undefined; i++) {
        await new Promise((r) => setTimeout(r, 10));
        line = api.logs.records().find((r) => r.requestId === requestId && typeof r.code === "string");
      }
      expect(line).toMatchObject({ procedure: "/grpc.health.v1.Health/Watch", code: "canceled", msg: "rpc finished" });
      expect(line!.level).toBeLessThan(40); // debug (Health) or info; never warn or error
      expect(api.logs.records().filter((r) => r.requestId === requestId && (r.level as number) >= 50)).toEqual([]);
      const countsAfter = await watchCounts();
      expect(countsAfter.canceled - countsBefore.canceled).toBe(1);
      expect([countsAfter.internal, countsAfter.unknown]).toEqual([countsBefore.internal, countsBefore.unknown]);
    });
  });
});
