import { randomUUID } from "node:crypto";
import { ConnectError, type Interceptor } from "@connectrpc/connect";
import { requestIdKey } from "../context/request-id-key.js";

/** Header carrying the request id both ways. */
export const requestIdHeader = "x-request-id";

const usable = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request id a caller sent, when it is safe to log and echo (at most
 * 128 characters of [A-Za-z0-9._:-]); otherwise a new random one.
 */
export function requestIdFrom(header: string | null | undefined): string {
  return header && usable.test(header) ? header : randomUUID();
}

/**
 * Makes sure every call has a request id in its context values and echoes it
 * in the `x-request-id` response header, on success and on error. Behind the
 * HTTP server the id is already set (the HTTP layer assigns it so that even
 * requests rejected before any interceptor carry one); this interceptor
 * covers calls that arrive another way, such as the in-memory router
 * transport used in handler tests.
 */
export function createRequestIdInterceptor(): Interceptor {
  return (next) => async (req) => {
    let id = req.contextValues.get(requestIdKey);
    // Set by the HTTP layer, which also put it on the HTTP response's headers, for every answer.
    const echoed = id !== "";
    if (!echoed) {
      id = requestIdFrom(req.header.get(requestIdHeader));
      req.contextValues.set(requestIdKey, id);
    }
    try {
      const res = await next(req);
      // Behind the HTTP server the response's headers have it already (one Headers.set less per call).
      if (!echoed) res.header.set(requestIdHeader, id);
      return res;
    } catch (e) {
      const err = ConnectError.from(e);
      err.metadata.set(requestIdHeader, id);
      throw err;
    }
  };
}
