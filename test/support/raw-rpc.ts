// The one raw client of the tests: calls sent and read by hand over HTTP/1.1 or h2c, for bytes no
// client library would show. openRawStream keeps every frame, the trailers and the status (two
// servers' answers compared byte for byte); rawRpc, built on it, keeps only the messages' payloads;
// rawHttp2Request sends exactly the headers and bytes given (malformed requests) and keeps all.
import * as http from "node:http";
import * as http2 from "node:http2";

/** A wire protocol, its message format and HTTP version: what a raw call speaks. */
export interface RawRpcCase {
  readonly name: string;
  readonly protocol: "connect" | "grpc" | "grpc-web";
  readonly binary: boolean;
  readonly http: "1.1" | "2";
}

/** Every protocol × format × HTTP version the server serves (gRPC needs HTTP/2). */
export const rawRpcCases: readonly RawRpcCase[] = [
  { name: "Connect binary over HTTP/1.1", protocol: "connect", binary: true, http: "1.1" },
  { name: "Connect JSON over HTTP/1.1", protocol: "connect", binary: false, http: "1.1" },
  { name: "Connect binary over h2c", protocol: "connect", binary: true, http: "2" },
  { name: "Connect JSON over h2c", protocol: "connect", binary: false, http: "2" },
  { name: "gRPC binary over h2c", protocol: "grpc", binary: true, http: "2" },
  { name: "gRPC JSON over h2c", protocol: "grpc", binary: false, http: "2" },
  { name: "gRPC-Web binary over HTTP/1.1", protocol: "grpc-web", binary: true, http: "1.1" },
  { name: "gRPC-Web JSON over HTTP/1.1", protocol: "grpc-web", binary: false, http: "1.1" },
  { name: "gRPC-Web binary over h2c", protocol: "grpc-web", binary: true, http: "2" },
  { name: "gRPC-Web JSON over h2c", protocol: "grpc-web", binary: false, http: "2" },
];

/** The request content type of `c`. */
export function contentType(c: RawRpcCase, stream: boolean): string {
  const format = c.binary ? "proto" : "json";
  if (c.protocol === "grpc") return `application/grpc+${format}`;
  if (c.protocol === "grpc-web") return `application/grpc-web+${format}`;
  return stream ? `application/connect+${format}` : `application/${format}`;
}

/** One envelope: flags, 4-byte big-endian length, payload. */
export function envelope(flags: number, payload: Uint8Array): Buffer {
  const out = Buffer.alloc(5 + payload.byteLength);
  out[0] = flags;
  out.writeUInt32BE(payload.byteLength, 1);
  out.set(payload, 5);
  return out;
}

/** The payload of a whole envelope. */
export function payloadOf(frame: Buffer): Buffer {
  return frame.subarray(5);
}

/** What to send. */
export interface RawStreamCall {
  readonly baseUrl: string;
  /** `/<service>/<method>`. */
  readonly path: string;
  /** The request message, in the case's format. */
  readonly request: Uint8Array;
  /**
   * A server-streaming method (the default): the request and every response message are
   * enveloped. Otherwise a unary call, whose Connect request and response bodies are bare.
   */
  readonly stream?: boolean;
  /** Sent as `authorization: Bearer <token>`. */
  readonly token?: string;
  /** Extra request headers (a deadline: connect-timeout-ms, grpc-timeout). */
  readonly headers?: Record<string, string>;
}

/** One call read by hand: every envelope whole, as it came off the wire. */
export interface RawStream {
  /** Each envelope so far (flags, length, payload), the end-of-stream message and gRPC-Web trailer frame included. */
  readonly frames: Buffer[];
  /** The response headers' gRPC fields (a trailers-only response's status), once the response has come. */
  readonly headers: Record<string, string>;
  /** The whole body of a response that is not enveloped (Connect unary), once it has ended. */
  body(): Buffer;
  /** Resolves when the response has ended: its HTTP status and (gRPC) its trailers' gRPC fields. */
  readonly ended: Promise<{ status: number | undefined; trailers: Record<string, string> }>;
  /** Resolves once `check` is true of the frames so far (checked on each new frame). */
  until(check: (frames: readonly Buffer[]) => boolean): Promise<void>;
  /** Stops reading: the server meets backpressure once the transport's buffers are full. */
  pause(): void;
  resume(): void;
  close(): void;
}

/** The string-valued `grpc-*` fields of `from`, added to `to`. */
function grpcFields(from: Record<string, unknown>, to: Record<string, string>): void {
  for (const [k, v] of Object.entries(from)) if (k.startsWith("grpc-") && typeof v === "string") to[k] = v;
}

/**
 * Opens a call of protocol/format/HTTP version `c` and keeps every envelope of the response,
 * including how it ends, so that two servers' answers can be compared byte for byte.
 */
export function openRawStream(c: RawRpcCase, call: RawStreamCall): RawStream {
  const stream = call.stream ?? true;
  const enveloped = stream || c.protocol !== "connect";
  const headers: Record<string, string> = {
    "content-type": contentType(c, stream),
    ...(call.token === undefined ? {} : { authorization: `Bearer ${call.token}` }),
    ...(c.protocol === "connect" ? { "connect-protocol-version": "1" } : {}),
    ...(c.protocol === "grpc" ? { te: "trailers" } : {}),
    ...call.headers,
  };
  const body = enveloped ? envelope(0, call.request) : Buffer.from(call.request);
  return send({ baseUrl: call.baseUrl, path: call.path, http: c.http, headers, body, enveloped });
}

/** A POST exactly as it goes on the wire. */
interface WireRequest {
  readonly baseUrl: string;
  readonly path: string;
  readonly http: RawRpcCase["http"];
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
  /** Whether the response body is split into envelopes (`frames`) rather than kept whole (`body()`). */
  readonly enveloped: boolean;
}

/** Sends `request` and reads its response as it comes: the one place a raw call meets the transport. */
function send(request: WireRequest): RawStream {
  const { headers, body, enveloped } = request;
  const frames: Buffer[] = [];
  const chunks: Buffer[] = [];
  const waiters: { check: (frames: readonly Buffer[]) => boolean; resolve: () => void }[] = [];
  let buffered = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    if (!enveloped) return void chunks.push(chunk);
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 5 && buffered.length >= 5 + buffered.readUInt32BE(1)) {
      const length = 5 + buffered.readUInt32BE(1);
      frames.push(Buffer.from(buffered.subarray(0, length)));
      buffered = buffered.subarray(length);
      // Each frame, not each chunk: a check sees the frames up to the first one it holds for.
      for (const w of [...waiters]) {
        if (w.check(frames)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    }
  };
  const responseHeaders: Record<string, string> = {};
  const trailers: Record<string, string> = {};
  let status: number | undefined;
  let close = () => {};
  let readable: NodeJS.ReadableStream | undefined;
  const ended = new Promise<{ status: number | undefined; trailers: Record<string, string> }>((resolve, reject) => {
    const done = () => resolve({ status, trailers });
    if (request.http === "2") {
      const session = http2.connect(request.baseUrl);
      session.on("error", reject);
      const req = session.request({ ":method": "POST", ":path": request.path, ...headers });
      close = () => {
        req.close(http2.constants.NGHTTP2_CANCEL);
        session.close();
      };
      readable = req;
      req.on("response", (h) => {
        status = h[":status"];
        grpcFields(h, responseHeaders);
      });
      req.on("trailers", (t) => grpcFields(t, trailers));
      req.on("data", onData);
      req.on("end", () => {
        done();
        session.close();
      });
      req.on("error", reject);
      req.end(body);
    } else {
      const req = http.request(new URL(request.path, request.baseUrl), { method: "POST", headers, agent: false }, (res) => {
        status = res.statusCode;
        grpcFields(res.headers, responseHeaders);
        readable = res;
        res.on("data", onData);
        res.on("end", done);
        res.on("error", reject);
      });
      close = () => req.destroy();
      req.on("error", reject);
      req.end(body);
    }
  });
  ended.catch(() => {});
  return {
    frames,
    headers: responseHeaders,
    body: () => Buffer.concat(chunks),
    ended,
    until: (check) => (check(frames) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ check, resolve }))),
    pause: () => readable?.pause(),
    resume: () => readable?.resume(),
    close: () => close(),
  };
}

/** One raw call whose messages are all that matter: the request message already encoded in the case's format. */
export interface RawRpcCall {
  readonly baseUrl: string;
  /** `/<service>/<method>`. */
  readonly path: string;
  readonly token: string;
  readonly request: Uint8Array;
  /** A server-streaming method: the request and every response message are enveloped. */
  readonly stream: boolean;
  /** For a stream that does not end by itself (a watch): stop once this is true of the payloads so far. */
  readonly until?: (payloads: readonly Uint8Array[]) => boolean;
}

/** Whether `frame` carries a response message: not a Connect end-of-stream message, not a gRPC-Web trailer frame. */
function isMessage(c: RawRpcCase, frame: Buffer): boolean {
  return !((frame[0]! & 0x02 && c.protocol === "connect") || frame[0]! & 0x80);
}

/** Why a call that ended as `s` did failed, if it did. */
function failureOf(c: RawRpcCase, s: RawStream, status: number | undefined, trailers: Record<string, string>): Error | undefined {
  if (status !== 200) return new Error(`HTTP ${status}`);
  for (const fields of [s.headers, trailers]) {
    const grpcStatus = fields["grpc-status"];
    if (grpcStatus !== undefined && grpcStatus !== "0") return new Error(`grpc-status ${grpcStatus} ${fields["grpc-message"] ?? ""}`);
  }
  for (const frame of s.frames) {
    const text = payloadOf(frame).toString("utf8");
    if (frame[0]! & 0x02 && c.protocol === "connect") {
      const end = JSON.parse(text) as { error?: { code: string; message?: string } };
      if (end.error) return new Error(`end of stream: ${end.error.code} ${end.error.message ?? ""}`);
    } else if (frame[0]! & 0x80) {
      const grpcStatus = /grpc-status:\s*(\d+)/i.exec(text);
      if (grpcStatus && grpcStatus[1] !== "0") return new Error(`gRPC-Web trailer: ${text}`);
    }
  }
  return undefined;
}

/**
 * Sends one RPC by hand (on {@link openRawStream}) and returns the exact bytes of each response
 * message as they came off the wire (no client library decodes them): the whole body of a Connect
 * unary response, else each data envelope's payload (end-of-stream and gRPC-Web trailer envelopes
 * are left out). Rejects on a non-200 status or an error status in the Connect end-of-stream /
 * gRPC trailers.
 */
export async function rawRpc(c: RawRpcCase, call: RawRpcCall): Promise<Uint8Array[]> {
  const s = openRawStream(c, call);
  const messages = (frames: readonly Buffer[]) => frames.filter((f) => isMessage(c, f)).map((f) => new Uint8Array(payloadOf(f)));
  try {
    // The payloads at the frame `until` first held for (more may follow in the same chunk).
    let held: Uint8Array[] | undefined;
    const until = call.until;
    const stopped =
      until === undefined
        ? new Promise<never>(() => {})
        : s.until((frames) => {
            const last = frames.at(-1);
            if (last === undefined || !isMessage(c, last)) return false;
            const payloads = messages(frames);
            if (!until(payloads)) return false;
            held = payloads;
            return true;
          });
    const end = await Promise.race([s.ended, stopped.then(() => undefined)]);
    if (end === undefined) return held!;
    const failure = failureOf(c, s, end.status, end.trailers);
    if (failure) throw failure;
    return call.stream || c.protocol !== "connect" ? messages(s.frames) : [s.body()];
  } finally {
    s.close();
  }
}

/** What came back from a raw HTTP/2 request: the gRPC fields of its headers and trailers, and its body. */
export interface RawHttp2Response {
  readonly headers: Record<string, string>;
  readonly trailers: Record<string, string>;
  readonly body: Buffer;
}

/** Sends one POST over cleartext HTTP/2 with exactly these headers and bytes, for requests no client would send (no case, no checks). */
export async function rawHttp2Request(baseUrl: string, path: string, headers: Record<string, string>, body: Uint8Array): Promise<RawHttp2Response> {
  const s = send({ baseUrl, path, http: "2", headers, body, enveloped: false });
  const { trailers } = await s.ended;
  return { headers: s.headers, trailers, body: s.body() };
}
