import { compressionNegotiate, createAsyncIterable, type Compression, type UniversalServerResponse } from "@connectrpc/connect/protocol";
import type { SplicedJsonSlot } from "../context/spliced-json-key.js";

/** connect-es's default `compressMinBytes`: smaller bodies are sent uncompressed. */
const DEFAULT_COMPRESS_MIN_BYTES = 1024;

/**
 * A Connect unary JSON response with the body the interceptors assembled (the slot's, see
 * src/server/context/spliced-json-key.ts) in place of the empty message connect-es serialised.
 * Only a success (HTTP 200, `application/json`) is changed: an error after the interceptors (none
 * is expected once the stand-in is serialised) keeps connect-es's error body. Compression is
 * negotiated again, as connect-es does for a unary response, because connect-es saw only "{}"
 * (below any threshold): same algorithms, same `accept-encoding`, same minimum size.
 */
export async function withSplicedJsonBody(
  res: UniversalServerResponse,
  slot: SplicedJsonSlot,
  acceptEncoding: string | null,
  options: { readonly acceptCompression: readonly Compression[]; readonly compressMinBytes?: number },
): Promise<UniversalServerResponse> {
  const spliced = slot.body;
  if (spliced === undefined || res.status !== 200) return res;
  const header = new Headers(res.header);
  if (!(header.get("content-type") ?? "").startsWith("application/json") || header.has("content-encoding")) return res;
  let body = spliced;
  const { response: compression } = compressionNegotiate([...options.acceptCompression], null, acceptEncoding, "accept-encoding");
  if (compression !== null && body.byteLength >= (options.compressMinBytes ?? DEFAULT_COMPRESS_MIN_BYTES)) {
    body = await compression.compress(body);
    header.set("content-encoding", compression.name);
  }
  header.set("content-length", String(body.byteLength));
  return { ...res, header, body: createAsyncIterable([body]) };
}
