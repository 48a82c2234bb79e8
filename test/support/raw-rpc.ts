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

/** One raw call: the request message already encoded in the case's format. */
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

/**
 * Sends one RPC by hand and returns the exact bytes of each response message as they came off the
 * wire (no client library decodes them): the whole body of a Connect unary response, else each
 * data envelope's payload (end-of-stream and gRPC-Web trailer envelopes are left out). Rejects on a
 * non-200 status or an error status in the Connect end-of-stream / gRPC trailers.
 */
export function rawRpc(c: RawRpcCase, call: RawRpcCall): Promise<Uint8Array[]> {
  const enveloped = call.stream || c.protocol !== "connect";
  const headers: Record<string, string> = {
    "content-type": contentType(c, call.stream),
    authorization: `Bearer ${call.token}`,
    ...(c.protocol === "connect" ? { "connect-protocol-version": "1" } : {}),
    ...(c.protocol === "grpc" ? { te: "trailers" } : {}),
  };
  const body = enveloped ? envelope(0, call.request) : Buffer.from(call.request);
  return new Promise<Uint8Array[]>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const payloads: Uint8Array[] = [];
    let buffered = Buffer.alloc(0);
    let settled = false;
    let stop = () => {};
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      stop();
      if (error) reject(error);
      else resolve(enveloped ? payloads : [Buffer.concat(chunks)]);
    };
    const onData = (chunk: Buffer) => {
      if (!enveloped) return void chunks.push(chunk);
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 5 && buffered.length >= 5 + buffered.readUInt32BE(1)) {
        const flags = buffered[0];
        const payload = buffered.subarray(5, 5 + buffered.readUInt32BE(1));
        buffered = buffered.subarray(5 + payload.length);
        if (flags & 0x02 && c.protocol === "connect") {
          const end = JSON.parse(payload.toString("utf8")) as { error?: { code: string; message?: string } };
          if (end.error) return finish(new Error(`end of stream: ${end.error.code} ${end.error.message ?? ""}`));
        } else if (flags & 0x80) {
          const status = /grpc-status:\s*(\d+)/i.exec(payload.toString("utf8"));
          if (status && status[1] !== "0") return finish(new Error(`gRPC-Web trailer: ${payload.toString("utf8")}`));
        } else {
          payloads.push(new Uint8Array(payload));
          if (call.until?.(payloads)) return finish();
        }
      }
    };
    const checkStatus = (status: number | undefined, grpcStatus: string | string[] | undefined, grpcMessage?: string | string[]) => {
      if (status !== 200) return new Error(`HTTP ${status}`);
      if (grpcStatus !== undefined && grpcStatus !== "0") return new Error(`grpc-status ${String(grpcStatus)} ${String(grpcMessage ?? "")}`);
      return undefined;
    };
    if (c.http === "2") {
      const session = http2.connect(call.baseUrl);
      session.on("error", finish);
      const stream = session.request({ ":method": "POST", ":path": call.path, ...headers });
      stop = () => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        session.close();
      };
      stream.on("response", (h) => {
        const error = checkStatus(h[":status"], h["grpc-status"], h["grpc-message"]);
        if (error) finish(error);
      });
      stream.on("trailers", (t) => {
        const error = checkStatus(200, t["grpc-status"], t["grpc-message"]);
        if (error) finish(error);
      });
      stream.on("data", onData);
      stream.on("end", () => finish());
      stream.on("error", finish);
      stream.end(body);
    } else {
      const url = new URL(call.path, call.baseUrl);
      const req = http.request(url, { method: "POST", headers, agent: false }, (res) => {
        const error = checkStatus(res.statusCode, res.headers["grpc-status"], res.headers["grpc-message"]);
        if (error) return finish(error);
        res.on("data", onData);
        res.on("end", () => finish());
        res.on("error", finish);
      });
      stop = () => req.destroy();
      req.on("error", finish);
      req.end(body);
    }
  });
}
