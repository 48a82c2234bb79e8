import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { AuthService } from "../../gen/kargo/api/v1/auth_service_pb.js";
import { envelope, rawHttp2Request } from "../support/raw-rpc.js";
import { unknownService } from "../support/unknown-service.js";
import { useApiServer } from "../support/use-api-server.js";

const malformed = new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]);

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream) {
    // discard
  }
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => ConnectError.from(e).code,
  );

/** The grpc-status of a gRPC-Web response: trailers-only (headers) or the trailer frame. */
async function codeOfGrpcWeb(res: Response): Promise<string | undefined> {
  const body = Buffer.from(await res.arrayBuffer()).toString("latin1");
  return res.headers.get("grpc-status") ?? /grpc-status: ?(\d+)/.exec(body)?.[1];
}

describe("API server bad input", () => {
  const api = useApiServer({ env: { MAX_REQUEST_BYTES: "1KiB" } });
  const post = (path: string, headers: Record<string, string>, body: string | Uint8Array) => fetch(`${api.baseUrl}${path}`, { method: "POST", headers, body });

  describe("a request message larger than MAX_REQUEST_BYTES", () => {
    it.each([
      ["Connect JSON", (u: string) => createConnectTransport({ baseUrl: u, httpVersion: "1.1" })],
      ["Connect binary over h2c", (u: string) => createConnectTransport({ baseUrl: u, httpVersion: "2", useBinaryFormat: true })],
      ["gRPC", (u: string) => createGrpcTransport({ baseUrl: u })],
      ["gRPC-Web", (u: string) => createGrpcWebTransport({ baseUrl: u, httpVersion: "1.1" })],
    ])("is RESOURCE_EXHAUSTED over %s", async (_, make) => {
      const client = createClient(AuthService, make(api.baseUrl));
      expect(await codeOf(client.adminLogin({ password: "x".repeat(2048) }))).toBe(Code.ResourceExhausted);
    });

    it("is not read when one just under the limit is (the limit is the configured one)", async () => {
      const client = createClient(AuthService, createConnectTransport({ baseUrl: api.baseUrl, httpVersion: "1.1", useBinaryFormat: true }));
      // AdminLogin has no handler in this server: reaching it proves the body was accepted.
      expect(await codeOf(client.adminLogin({ password: "x".repeat(900) }))).toBe(Code.Unimplemented);
    });
  });

  describe("a malformed request", () => {
    it("is INVALID_ARGUMENT for malformed JSON, with a Connect error body and no stack trace", async () => {
      const res = await post("/kargo.api.v1.SystemService/GetVersionInfo", { "content-type": "application/json" }, '{"unterminated');
      expect(res.status).toBe(400);
      const body = (await res.json()) as { code: string; message: string };
      expect(body.code).toBe("invalid_argument");
      expect(body.message).not.toMatch(/\bat .*\.(ts|js):\d+/);
    });

    it("is INVALID_ARGUMENT for malformed protobuf", async () => {
      const res = await post("/kargo.api.v1.SystemService/GetVersionInfo", { "content-type": "application/proto" }, malformed);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe("invalid_argument");
    });

    it("is INVALID_ARGUMENT for malformed protobuf over gRPC", async () => {
      const res = await rawHttp2Request(
        api.baseUrl,
        "/kargo.api.v1.SystemService/GetVersionInfo",
        { "content-type": "application/grpc", te: "trailers" },
        envelope(0, malformed),
      );
      expect(res.trailers["grpc-status"] ?? res.headers["grpc-status"]).toBe("3");
    });

    it("is INVALID_ARGUMENT for malformed protobuf over gRPC-Web", async () => {
      const res = await post("/kargo.api.v1.SystemService/GetVersionInfo", { "content-type": "application/grpc-web+proto" }, envelope(0, malformed));
      const body = Buffer.from(await res.arrayBuffer()).toString("latin1");
      expect(res.headers.get("grpc-status") ?? /grpc-status: ?(\d+)/.exec(body)?.[1]).toBe("3");
    });

    it("is INVALID_ARGUMENT for a malformed message on a Connect stream", async () => {
      const res = await post("/grpc.health.v1.Health/Watch", { "content-type": "application/connect+proto" }, envelope(0, malformed));
      const body = Buffer.from(await res.arrayBuffer());
      expect(body[0]).toBe(0x02);
      expect(JSON.parse(body.subarray(5).toString("utf8")).error.code).toBe("invalid_argument");
    });
  });

  describe("a compressed body that does not decompress", () => {
    // Not brotli and not gzip: every decoder rejects it.
    const garbage = new Uint8Array([0x0b, 0xad, 0xc0, 0xde, 0xff, 0xff, 0xff, 0xff, 0x00, 0x13, 0x37]);

    it.each(["br", "gzip"])("is INVALID_ARGUMENT over Connect unary (content-encoding: %s)", async (encoding) => {
      const res = await post("/kargo.api.v1.SystemService/GetVersionInfo", { "content-type": "application/proto", "content-encoding": encoding }, garbage);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: "invalid_argument", message: expect.stringContaining(encoding) });
    });

    it.each(["br", "gzip"])("is INVALID_ARGUMENT on a Connect stream (connect-content-encoding: %s)", async (encoding) => {
      const res = await post(
        "/grpc.health.v1.Health/Watch",
        { "content-type": "application/connect+proto", "connect-content-encoding": encoding },
        envelope(1, garbage),
      );
      const body = Buffer.from(await res.arrayBuffer());
      expect(body[0]).toBe(0x02);
      expect(JSON.parse(body.subarray(5).toString("utf8")).error.code).toBe("invalid_argument");
    });

    it.each(["br", "gzip"])("is INVALID_ARGUMENT over gRPC (grpc-encoding: %s)", async (encoding) => {
      const res = await rawHttp2Request(
        api.baseUrl,
        "/kargo.api.v1.SystemService/GetVersionInfo",
        { "content-type": "application/grpc", te: "trailers", "grpc-encoding": encoding },
        envelope(1, garbage),
      );
      expect(res.trailers["grpc-status"] ?? res.headers["grpc-status"]).toBe("3");
    });

    it.each(["br", "gzip"])("is INVALID_ARGUMENT over gRPC-Web (grpc-encoding: %s)", async (encoding) => {
      const res = await post(
        "/kargo.api.v1.SystemService/GetVersionInfo",
        { "content-type": "application/grpc-web+proto", "grpc-encoding": encoding },
        envelope(1, garbage),
      );
      expect(await codeOfGrpcWeb(res)).toBe("3");
    });
  });

  describe("Connect JSON that is not valid UTF-8", () => {
    // {"password":"ab\xffcd"}: a lone 0xff byte inside the string value.
    const body = Buffer.concat([Buffer.from('{"password":"ab'), Buffer.from([0xff]), Buffer.from('cd"}')]);

    it("is INVALID_ARGUMENT naming the field, not silently replaced by U+FFFD", async () => {
      const res = await post("/kargo.api.v1.AuthService/AdminLogin", { "content-type": "application/json" }, body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: "invalid_argument", message: 'request is not valid UTF-8: in field "password"' });
    });

    it("is INVALID_ARGUMENT over gRPC-Web with the JSON codec too", async () => {
      const res = await post("/kargo.api.v1.AuthService/AdminLogin", { "content-type": "application/grpc-web+json" }, envelope(0, body));
      expect(await codeOfGrpcWeb(res)).toBe("3");
    });
  });

  describe("Connect JSON nested deeper than the limit", () => {
    const nested = (depth: number) => `{"unknownField":${"[".repeat(depth - 1)}${"]".repeat(depth - 1)}}`;

    it("is INVALID_ARGUMENT before it is parsed, even in a field the message does not have", async () => {
      const res = await post("/kargo.api.v1.SystemService/GetVersionInfo", { "content-type": "application/json" }, nested(101));
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ code: "invalid_argument", message: "request JSON nests deeper than 100 levels" });
    });

    it("is accepted at the limit", async () => {
      const res = await post("/kargo.api.v1.SystemService/GetVersionInfo", { "content-type": "application/json" }, nested(100));
      expect(res.status).toBe(200);
    });
  });

  it("logs and counts every rejected request with the code its client saw", async () => {
    const text = await (await fetch(`${api.baseUrl}/metrics`)).text();
    for (const [procedure, protocol, code] of [
      ["/kargo.api.v1.AuthService/AdminLogin", "connect", "resource_exhausted"],
      ["/kargo.api.v1.AuthService/AdminLogin", "grpc", "resource_exhausted"],
      ["/kargo.api.v1.AuthService/AdminLogin", "grpc-web", "resource_exhausted"],
      ["/kargo.api.v1.SystemService/GetVersionInfo", "connect", "invalid_argument"],
      ["/kargo.api.v1.SystemService/GetVersionInfo", "grpc", "invalid_argument"],
      ["/kargo.api.v1.SystemService/GetVersionInfo", "grpc-web", "invalid_argument"],
      ["/grpc.health.v1.Health/Watch", "connect", "invalid_argument"],
    ]) {
      expect(text).toMatch(new RegExp(`kargo_api_rpc_handled_total\\{procedure="${procedure}",protocol="${protocol}",code="${code}"\\} \\d`));
    }
    const rejected = api.logs.records().filter((r) => r.msg === "rpc rejected");
    expect(rejected.every((r) => r.code !== "unknown" && typeof r.requestId === "string")).toBe(true);
  });

  describe("an unknown procedure", () => {
    it("is UNIMPLEMENTED for Connect clients", async () => {
      for (const httpVersion of ["1.1", "2"] as const) {
        const client = createClient(unknownService, createConnectTransport({ baseUrl: api.baseUrl, httpVersion }));
        expect(await codeOf(client.nothing({}))).toBe(Code.Unimplemented);
        expect(await codeOf(drain(client.stream({})))).toBe(Code.Unimplemented);
      }
    });

    it("is UNIMPLEMENTED for gRPC and gRPC-Web clients", async () => {
      for (const transport of [createGrpcTransport({ baseUrl: api.baseUrl }), createGrpcWebTransport({ baseUrl: api.baseUrl, httpVersion: "1.1" })]) {
        const client = createClient(unknownService, transport);
        expect(await codeOf(client.nothing({}))).toBe(Code.Unimplemented);
        expect(await codeOf(drain(client.stream({})))).toBe(Code.Unimplemented);
      }
    });

    it("is counted under one procedure label, whatever the path, so metrics stay bounded", async () => {
      const grpc = createClient(unknownService, createGrpcTransport({ baseUrl: api.baseUrl }));
      await grpc.nothing({}).catch(() => {});
      const text = await (await fetch(`${api.baseUrl}/metrics`)).text();
      expect(text).toMatch(/kargo_api_rpc_handled_total\{procedure="unknown",protocol="grpc",code="unimplemented"\} \d/);
      expect(text).not.toContain('procedure="/nope.v1.NopeService');
    });

    it("answers curl with a Connect error body naming the path", async () => {
      const res = await post("/kargo.api.v1.NoSuchService/Nothing", { "content-type": "application/json" }, "{}");
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ code: "unimplemented", message: "/kargo.api.v1.NoSuchService/Nothing is not a procedure served here" });
    });
  });
});
