import type { DescMessage } from "@bufbuild/protobuf";
import { compressionNegotiate, validateUniversalHandlerOptions, type UniversalHandlerOptions } from "@connectrpc/connect/protocol";
import {
  createEndStreamSerialization,
  headerStreamAcceptEncoding,
  headerStreamEncoding,
  parseContentType as parseConnectContentType,
} from "@connectrpc/connect/protocol-connect";
import { headerAcceptEncoding, headerEncoding, parseContentType as parseGrpcContentType } from "@connectrpc/connect/protocol-grpc";
import { parseContentType as parseGrpcWebContentType } from "@connectrpc/connect/protocol-grpc-web";
import type { DirectStreamFormat, StreamProtocol } from "./direct-watch-stream.js";

/** The formats of streams a router's handlers may hand off, one object per kind, shared by its streams. */
export interface DirectFormats {
  /**
   * How a server stream of `schema` asked for with `header` is written: protocol, codec and the
   * response compression connect-es negotiates for it (same algorithms, same headers). Undefined
   * for what connect-es would not serve as a stream (it answers those itself) and for gRPC-Web's
   * base64 text form.
   */
  of(schema: DescMessage, header: Headers): DirectStreamFormat | undefined;
}

/** The direct formats of a router made with `options` (its compression and JSON options). */
export function createDirectFormats(options: Partial<UniversalHandlerOptions>): DirectFormats {
  const { acceptCompression, compressMinBytes, jsonOptions } = validateUniversalHandlerOptions(options);
  const endStream = createEndStreamSerialization(jsonOptions);
  const known = new Map<string, DirectStreamFormat>();
  return {
    of(schema, header) {
      const contentType = header.get("content-type");
      let protocol: StreamProtocol;
      let binary: boolean;
      const web = parseGrpcWebContentType(contentType);
      const grpc = web === undefined ? parseGrpcContentType(contentType) : undefined;
      const connect = web === undefined && grpc === undefined ? parseConnectContentType(contentType) : undefined;
      if (web !== undefined && !web.text) [protocol, binary] = ["grpc-web", web.binary];
      else if (grpc !== undefined) [protocol, binary] = ["grpc", grpc.binary];
      else if (connect?.stream === true) [protocol, binary] = ["connect", connect.binary];
      else return undefined;
      const [encoding, accept] = protocol === "connect" ? [headerStreamEncoding, headerStreamAcceptEncoding] : [headerEncoding, headerAcceptEncoding];
      const negotiated = compressionNegotiate(acceptCompression, header.get(encoding), header.get(accept), accept);
      if (negotiated.error !== undefined) return undefined;
      const compression = negotiated.response;
      const key = `${schema.typeName}\0${protocol}\0${binary}\0${compression?.name ?? ""}`;
      let format = known.get(key);
      if (format === undefined) {
        format = Object.freeze({ protocol, binary, schema, compression, compressMinBytes, endStream });
        known.set(key, format);
      }
      return format;
    },
  };
}
