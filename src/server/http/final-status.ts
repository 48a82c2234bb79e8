import type { UniversalServerResponse } from "@connectrpc/connect/protocol";
import { codeFromString } from "@connectrpc/connect/protocol-connect";
import { wrapStream } from "../wrap-stream.js";

// connect-es reports a request it cannot decode from protobuf binary as INTERNAL "parse binary: …"
// (JSON decoding errors are INVALID_ARGUMENT). A malformed request is the caller's fault, so such
// statuses are recoded to INVALID_ARGUMENT (3) here, in each protocol's own framing.
const parseBinary = /^parse binary:/;
const textDecoder = new TextDecoder();
const textEncoder = new TextEncoder();

/** Receives the gRPC status code a response ends with (0 for OK). */
export type StatusListener = (code: number) => void;

/**
 * Follows a response to its final status, in each protocol's framing, and
 * reports it: the Connect unary HTTP status and error body, the Connect
 * streaming end-of-stream message, the gRPC status in headers
 * (trailers-only) or trailers, the gRPC-Web trailer frame. On the way it
 * recodes INTERNAL "parse binary: …" to INVALID_ARGUMENT. The code is what
 * the HTTP layer logs and counts for calls no interceptor saw.
 */
export function withFinalStatus(res: UniversalServerResponse, onStatus: StatusListener): UniversalServerResponse | Promise<UniversalServerResponse> {
  const header = res.header ?? new Headers();
  const contentType = header.get("content-type") ?? "";
  if (res.status === 200 && (contentType.startsWith("application/proto") || contentType.startsWith("application/json"))) {
    // The common case, a Connect unary success: checked first, it is the hot path, and answered
    // synchronously (no promise and microtask hops between the handler and the write, issue 18).
    onStatus(0);
    return res;
  }
  return followToFinalStatus(res, header, contentType, onStatus);
}

/** withFinalStatus of every response but a Connect unary success. */
async function followToFinalStatus(
  res: UniversalServerResponse,
  header: Headers,
  contentType: string,
  onStatus: StatusListener,
): Promise<UniversalServerResponse> {
  const headerStatus = header.get("grpc-status");
  if (headerStatus !== null) {
    // Trailers-only gRPC or gRPC-Web response.
    const code = isParseError(headerStatus, header.get("grpc-message")) ? 3 : Number(headerStatus);
    header.set("grpc-status", String(code));
    onStatus(code);
    return res;
  }
  if (res.status !== 200 && contentType.startsWith("application/json") && res.body) {
    // Connect unary error: a small JSON body, safe to read before the head is written.
    const bytes = await collect(res.body);
    const error = tryJson(textDecoder.decode(bytes)) as { code?: string; message?: string } | undefined;
    if (error?.code === "internal" && parseBinary.test(error.message ?? "")) {
      const body = textEncoder.encode(JSON.stringify({ ...error, code: "invalid_argument" }));
      header.set("content-length", String(body.byteLength));
      onStatus(3);
      return { ...res, status: 400, header, body: once(body) };
    }
    onStatus((error?.code !== undefined ? codeFromString(error.code) : undefined) ?? 2);
    return { ...res, body: once(bytes) };
  }
  if (!res.body) {
    return res;
  }
  const trailer = res.trailer;
  return {
    ...res,
    // A plain wrapper, not an async generator: one lives per open stream (issue 18).
    body: wrapStream(res.body, {
      message: (chunk) => endEnvelope(chunk, onStatus),
      end: () => {
        const status = trailer?.get("grpc-status");
        if (trailer && status) {
          const code = isParseError(status, trailer.get("grpc-message")) ? 3 : Number(status);
          trailer.set("grpc-status", String(code));
          onStatus(code);
        }
      },
    }),
  };
}

function isParseError(status: string, message: string | null): boolean {
  return status === "13" && parseBinary.test(decodeURIComponent(message ?? ""));
}

/**
 * Reads (and recodes, if needed) a chunk that is exactly one end-of-stream
 * envelope: Connect's (flag 0x02, JSON) or gRPC-Web's trailers (flag 0x80).
 * Any other chunk passes unchanged.
 */
function endEnvelope(chunk: Uint8Array, onStatus: StatusListener): Uint8Array {
  if (chunk.byteLength < 5 || (chunk[0] !== 0x02 && chunk[0] !== 0x80)) {
    return chunk;
  }
  const length = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength).getUint32(1);
  if (length !== chunk.byteLength - 5) {
    return chunk;
  }
  const text = textDecoder.decode(chunk.subarray(5));
  let recoded: string | undefined;
  if (chunk[0] === 0x02) {
    const end = tryJson(text) as { error?: { code?: string; message?: string } } | undefined;
    if (end?.error?.code === "internal" && parseBinary.test(end.error.message ?? "")) {
      recoded = JSON.stringify({ ...end, error: { ...end.error, code: "invalid_argument" } });
      onStatus(3);
    } else {
      onStatus(end?.error ? ((end.error.code !== undefined ? codeFromString(end.error.code) : undefined) ?? 2) : 0);
    }
  } else {
    const status = /^grpc-status: ?(\d+)\r?$/m.exec(text)?.[1];
    if (status === "13" && /^grpc-message: ?parse(%20| )binary/m.test(text)) {
      recoded = text.replace(/^grpc-status: ?13/m, "grpc-status: 3");
      onStatus(3);
    } else if (status !== undefined) {
      onStatus(Number(status));
    }
  }
  if (recoded === undefined) {
    return chunk;
  }
  const payload = textEncoder.encode(recoded);
  const out = new Uint8Array(5 + payload.byteLength);
  out[0] = chunk[0];
  new DataView(out.buffer).setUint32(1, payload.byteLength);
  out.set(payload, 5);
  return out;
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of body) parts.push(part);
  return Buffer.concat(parts);
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
