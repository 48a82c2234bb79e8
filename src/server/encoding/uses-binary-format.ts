import { connectGetEncoding } from "./connect-get-encoding.js";

/**
 * Content types whose messages are protobuf binary: Connect (`application/proto`, streaming
 * `application/connect+proto`), gRPC (`application/grpc`, `+proto`) and gRPC-Web (the same, `-web`,
 * and the base64 `-web-text` form, still binary underneath). Everything else (`json`, `+json`) is not.
 */
const BINARY_CONTENT_TYPE = /^application\/(?:(?:connect\+)?proto|grpc(?:-web(?:-text)?)?(?:\+proto)?)\s*(?:;|$)/i;

/**
 * True when a request's response will be serialised as protobuf binary, from its content type or,
 * for a Connect GET (no body, no content type), its `encoding` query parameter. Anything not
 * certainly binary is false: the pre-encoded stand-ins have no JSON form, so a wrong "true" would
 * send an empty message where a wrong "false" only costs an encode.
 */
export function usesBinaryFormat(contentType: string | null, method: string, url: string): boolean {
  if (contentType !== null && contentType !== "") return BINARY_CONTENT_TYPE.test(contentType);
  return connectGetEncoding(method, url) === "proto";
}
