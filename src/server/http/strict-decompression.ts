import { Code, ConnectError } from "@connectrpc/connect";
import type { Compression } from "@connectrpc/connect/protocol";

/**
 * A request decompressor whose every failure is the caller's: a body that does not decompress is
 * INVALID_ARGUMENT naming the encoding, in every protocol (Connect unary and streaming, gRPC,
 * gRPC-Web all decompress through the router's `acceptCompression`). connect-node maps only some
 * zlib error codes to INVALID_ARGUMENT and the rest — every brotli failure, a truncated gzip
 * stream — to INTERNAL, a server fault the server did not have. A body larger than the read limit
 * once decompressed stays RESOURCE_EXHAUSTED (connect-node caps the output, so a decompression
 * bomb never expands past `MAX_REQUEST_BYTES`).
 */
export function strictDecompression(compression: Compression): Compression {
  return {
    name: compression.name,
    compress: (bytes) => compression.compress(bytes),
    async decompress(bytes, readMaxBytes) {
      try {
        return await compression.decompress(bytes, readMaxBytes);
      } catch (e) {
        const error = ConnectError.from(e);
        if (error.code === Code.ResourceExhausted) throw error;
        throw new ConnectError(`request body is not valid ${compression.name} data`, Code.InvalidArgument, undefined, undefined, e);
      }
    },
  };
}
