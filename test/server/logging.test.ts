import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { Health } from "../../gen/grpc/health/v1/health_pb.js";
import { SystemService } from "../../gen/kargo/api/v1/system_service_pb.js";
import { loggerKey } from "../../src/server/context/logger-key.js";
import { implement } from "../../src/server/service-implementation.js";
import { useApiServer } from "../support/use-api-server.js";

describe("API server logging and errors", () => {
  // A SystemService whose handlers misbehave on purpose: one logs secrets through the call logger,
  // one throws a plain Error with internal detail.
  const api = useApiServer({
    services: () => [
      implement(SystemService, {
        getVersionInfo(_req, ctx) {
          ctx.values.get(loggerKey).info(
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
    const lines = api.logs.records().slice(before).filter((r) => r.msg === "rpc finished");
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
    // gRPC over HTTP/2: the client resets the stream (connect-node's server sees INTERNAL_ERROR, code
    // internal). Connect over HTTP/1.1: the connection closes. Neither is a server fault.
    it.each([
      ["gRPC over HTTP/2 (stream reset)", () => createGrpcTransport({ baseUrl: api.baseUrl })],
      ["Connect over HTTP/2 (stream reset)", () => createConnectTransport({ baseUrl: api.baseUrl, httpVersion: "2" })],
      ["Connect over HTTP/1.1 (connection closed)", () => createConnectTransport({ baseUrl: api.baseUrl, httpVersion: "1.1" })],
    ])("is logged as canceled, not as a failure, and counted as canceled: %s", async (_, transport) => {
      const requestId = `leaver-${Math.random().toString(36).slice(2)}`;
      const abort = new AbortController();
      const stream = createClient(Health, transport()).watch({}, { signal: abort.signal, headers: { "x-request-id": requestId } })[Symbol.asyncIterator]();
      await stream.next();
      abort.abort();
      await stream.next().catch(() => {});
      // The server notices the reset or close asynchronously.
      let line: Record<string, unknown> | undefined;
      for (let i = 0; i < 100 && line === undefined; i++) {
        await new Promise((r) => setTimeout(r, 10));
        line = api.logs.records().find((r) => r.requestId === requestId && typeof r.code === "string");
      }
      expect(line).toMatchObject({ procedure: "/grpc.health.v1.Health/Watch", code: "canceled", msg: "rpc finished" });
      expect(line!.level).toBeLessThan(40); // debug (Health) or info; never warn or error
      expect(api.logs.records().filter((r) => r.requestId === requestId && (r.level as number) >= 50)).toEqual([]);
      const metrics = await (await fetch(`${api.baseUrl}/metrics`)).text();
      expect(metrics).not.toMatch(/kargo_api_rpc_handled_total\{procedure="\/grpc.health.v1.Health\/Watch",[^}]*code="(internal|unknown)"\}/);
      expect(metrics).toMatch(/kargo_api_rpc_handled_total\{procedure="\/grpc.health.v1.Health\/Watch",[^}]*code="canceled"\}/);
    });
  });
});
