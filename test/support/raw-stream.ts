import * as http from "node:http";
import * as http2 from "node:http2";
import { contentType, envelope, type RawRpcCase } from "./raw-rpc.js";

/** One server stream read by hand: every envelope whole, as it came off the wire. */
export interface RawStream {
  /** Each envelope so far (flags, length, payload), the end-of-stream message and gRPC-Web trailer frame included. */
  readonly frames: Buffer[];
  /** Resolves when the response has ended: its HTTP status and (gRPC) its trailers' gRPC fields. */
  readonly ended: Promise<{ status: number | undefined; trailers: Record<string, string> }>;
  /** Resolves once `check` is true of the frames so far (checked on each new frame). */
  until(check: (frames: readonly Buffer[]) => boolean): Promise<void>;
  /** Stops reading: the server meets backpressure once the transport's buffers are full. */
  pause(): void;
  resume(): void;
  close(): void;
}

/** What to send. */
export interface RawStreamCall {
  readonly baseUrl: string;
  /** `/<service>/<method>`. */
  readonly path: string;
  /** The request message, in the case's format. */
  readonly request: Uint8Array;
  /** Extra request headers (a deadline: connect-timeout-ms, grpc-timeout). */
  readonly headers?: Record<string, string>;
}

/** The payload of a whole envelope. */
export function payloadOf(frame: Buffer): Buffer {
  return frame.subarray(5);
}

/**
 * Opens a server-streaming call of protocol/format/HTTP version `c` and keeps every envelope of
 * the response, including how it ends, so that two servers' answers can be compared byte for byte.
 */
export function openRawStream(c: RawRpcCase, call: RawStreamCall): RawStream {
  const headers: Record<string, string> = {
    "content-type": contentType(c, true),
    ...(c.protocol === "connect" ? { "connect-protocol-version": "1" } : {}),
    ...(c.protocol === "grpc" ? { te: "trailers" } : {}),
    ...call.headers,
  };
  const frames: Buffer[] = [];
  const waiters: { check: (frames: readonly Buffer[]) => boolean; resolve: () => void }[] = [];
  let buffered = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 5 && buffered.length >= 5 + buffered.readUInt32BE(1)) {
      const length = 5 + buffered.readUInt32BE(1);
      frames.push(Buffer.from(buffered.subarray(0, length)));
      buffered = buffered.subarray(length);
    }
    for (const w of [...waiters]) {
      if (w.check(frames)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  const trailers: Record<string, string> = {};
  let status: number | undefined;
  let close = () => {};
  let readable: NodeJS.ReadableStream | undefined;
  const ended = new Promise<{ status: number | undefined; trailers: Record<string, string> }>((resolve, reject) => {
    const done = () => resolve({ status, trailers });
    if (c.http === "2") {
      const session = http2.connect(call.baseUrl);
      session.on("error", reject);
      const stream = session.request({ ":method": "POST", ":path": call.path, ...headers });
      close = () => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        session.close();
      };
      readable = stream;
      stream.on("response", (h) => (status = h[":status"]));
      stream.on("trailers", (t) => {
        for (const [k, v] of Object.entries(t)) if (k.startsWith("grpc-") && typeof v === "string") trailers[k] = v;
      });
      stream.on("data", onData);
      stream.on("end", () => {
        done();
        session.close();
      });
      stream.on("error", reject);
      stream.end(envelope(0, call.request));
    } else {
      const req = http.request(new URL(call.path, call.baseUrl), { method: "POST", headers, agent: false }, (res) => {
        status = res.statusCode;
        readable = res;
        res.on("data", onData);
        res.on("end", done);
        res.on("error", reject);
      });
      close = () => req.destroy();
      req.on("error", reject);
      req.end(envelope(0, call.request));
    }
  });
  ended.catch(() => {});
  return {
    frames,
    ended,
    until: (check) => (check(frames) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ check, resolve }))),
    pause: () => readable?.pause(),
    resume: () => readable?.resume(),
    close: () => close(),
  };
}
