import { connectGetEncoding } from "./connect-get-encoding.js";

/** Connect unary JSON: `application/json` (any parameters). gRPC and gRPC-Web JSON are `+json`, enveloped. */
const CONNECT_UNARY_JSON = /^application\/json\s*(?:;|$)/i;

/**
 * True when a unary call's response will be a Connect unary JSON body: the whole HTTP body is the
 * message's JSON, so the HTTP layer can put a pre-assembled one in its place. From the content type
 * or, for a Connect GET, its `encoding` query parameter. Anything not certainly so is false.
 */
export function usesConnectUnaryJson(contentType: string | null, method: string, url: string): boolean {
  if (contentType !== null && contentType !== "") return CONNECT_UNARY_JSON.test(contentType);
  return connectGetEncoding(method, url) === "json";
}
