import type { UniversalServerResponse } from "@connectrpc/connect/protocol";

// connect-es reports a request it cannot decode from protobuf binary as INTERNAL "parse binary: …"
// (JSON decoding errors are INVALID_ARGUMENT). A malformed request is the caller's fault, so such
// responses are recoded to INVALID_ARGUMENT here, in each protocol's own framing.
const parseBinary = /^parse binary:/;
const textDecoder = new TextDecoder();
const textEncoder = new TextEncoder();

/**
 * Rewrites a response that reports a request-decoding failure as INTERNAL
 * so that it reports INVALID_ARGUMENT: the Connect unary error body and HTTP
 * status, the Connect streaming end-of-stream message, the gRPC status in
 * headers (trailers-only) or trailers, and the gRPC-Web trailer frame. Any
 * other response passes through untouched.
 */
export async function recodeParseError(res: UniversalServerResponse): Promise<UniversalServerResponse> {
  const contentType = res.header?.get("content-type") ?? "";
  if (res.status === 200 && (contentType.startsWith("application/proto") || contentType.startsWith("application/json"))) {
    // The common case, a Connect unary success: nothing to look at (checked first, it is the hot path).
    return res;
  }
  const header = res.header ?? new Headers();
  if (header.get("grpc-status") === "13" && parseBinary.test(decodeURIComponent(header.get("grpc-message") ?? ""))) {
    header.set("grpc-status", "3");
    return res;
  }
  if (res.status === 500 && (header.get("content-type") ?? "").startsWith("application/json") && res.body) {
    // Connect unary error: a small JSON body, safe to read before the head is written.
    const bytes = await collect(res.body);
    const error = tryJson(textDecoder.decode(bytes)) as { code?: string; message?: string } | undefined;
    if (error?.code === "internal" && parseBinary.test(error.message ?? "")) {
      const body = textEncoder.encode(JSON.stringify({ ...error, code: "invalid_argument" }));
      header.set("content-length", String(body.byteLength));
      return { ...res, status: 400, header, body: once(body) };
    }
    return { ...res, body: once(bytes) };
  }
  if (!res.body) {
    return res;
  }
  const body = res.body;
  const trailer = res.trailer;
  return {
    ...res,
    body: (async function* () {
      for await (const chunk of body) {
        yield recodeEnvelope(chunk);
      }
      if (trailer && trailer.get("grpc-status") === "13" && parseBinary.test(decodeURIComponent(trailer.get("grpc-message") ?? ""))) {
        trailer.set("grpc-status", "3");
      }
    })(),
  };
}

/** Recodes a chunk that is exactly one end-of-stream envelope (Connect 0x02, gRPC-Web 0x80) carrying the error. */
function recodeEnvelope(chunk: Uint8Array): Uint8Array {
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
    }
  } else if (/^grpc-status: ?13\r?$/m.test(text) && /^grpc-message: ?parse(%20| )binary/m.test(text)) {
    recoded = text.replace(/^grpc-status: ?13/m, "grpc-status: 3");
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
