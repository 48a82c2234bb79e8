import { cors } from "@connectrpc/connect";
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";

/** Request headers browsers may send beyond the protocols' own. */
const extraAllowedHeaders = ["authorization", "x-request-id", "x-kargo-cli-version"];
const extraExposedHeaders = ["x-request-id"];

/** The answer of the CORS policy for one request. */
export type CorsDecision =
  /** Not a cross-origin request: nothing to add. */
  | { readonly kind: "none" }
  /** A preflight from an allowed origin: answer 204 with these headers. */
  | { readonly kind: "preflight"; readonly headers: OutgoingHttpHeaders }
  /** A preflight from an origin that is not allowed: answer 403. */
  | { readonly kind: "forbidden" }
  /** An actual request: add these headers (empty when the origin is not allowed). */
  | { readonly kind: "request"; readonly headers: OutgoingHttpHeaders };

/**
 * CORS for browser clients of Connect and gRPC-Web. Allows the configured
 * origins (`*` any), the methods and headers the protocols use (from
 * connect-es `cors`) plus Authorization and x-request-id, and exposes the
 * gRPC-Web status headers. No credentials (cookies): tokens travel in the
 * Authorization header.
 */
export function createCorsPolicy(allowedOrigins: readonly string[]): (method: string, headers: IncomingHttpHeaders) => CorsDecision {
  const any = allowedOrigins.includes("*");
  const allowed = new Set(allowedOrigins);
  const allowHeaders = [...cors.allowedHeaders, ...extraAllowedHeaders].join(", ");
  const exposeHeaders = [...cors.exposedHeaders, ...extraExposedHeaders].join(", ");
  return (method, headers) => {
    const origin = headers.origin;
    if (origin === undefined) {
      return { kind: "none" };
    }
    const ok = any || allowed.has(origin);
    if (method === "OPTIONS" && headers["access-control-request-method"] !== undefined) {
      return ok
        ? {
            kind: "preflight",
            headers: {
              "access-control-allow-origin": origin,
              "access-control-allow-methods": cors.allowedMethods.join(", "),
              "access-control-allow-headers": allowHeaders,
              "access-control-max-age": "7200",
              vary: "Origin",
            },
          }
        : { kind: "forbidden" };
    }
    return {
      kind: "request",
      headers: ok ? { "access-control-allow-origin": origin, "access-control-expose-headers": exposeHeaders, vary: "Origin" } : { vary: "Origin" },
    };
  };
}
