import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { loggerKey } from "../context/logger-key.js";
import { wrapStream } from "../wrap-stream.js";

/**
 * Turns anything a handler throws that is not a ConnectError into INTERNAL
 * with a generic message, so no internal detail or stack trace reaches a
 * client; the original error is logged with the call's logger (which has
 * the request id the client also sees). ConnectErrors pass unchanged (their
 * codes and messages are chosen on purpose), except connect-es's INTERNAL
 * "parse binary: …" for an undecodable request, which is INVALID_ARGUMENT.
 */
export function createErrorInterceptor(): Interceptor {
  return (next) => async (req) => {
    const normalise = (e: unknown): ConnectError => {
      if (e instanceof ConnectError) {
        // connect-es reports a request message it cannot decode from protobuf as INTERNAL; on streams
        // that happens while the call runs. The caller sent it: INVALID_ARGUMENT (see final-status.ts).
        return e.code === Code.Internal && e.rawMessage.startsWith("parse binary:")
          ? new ConnectError(e.rawMessage, Code.InvalidArgument, e.metadata, undefined, e)
          : e;
      }
      // An abort of the call's own signal (client gone, deadline, shutdown) keeps its meaning.
      if (e === req.signal.reason || (e instanceof Error && e.name === "AbortError")) {
        return ConnectError.from(req.signal.reason ?? e);
      }
      req.contextValues.get(loggerKey).logger.error({ err: e }, "handler threw a non-ConnectError");
      return new ConnectError("internal error", Code.Internal, undefined, undefined, e);
    };
    let res;
    try {
      res = await next(req);
    } catch (e) {
      throw normalise(e);
    }
    if (!res.stream) {
      return res;
    }
    return { ...res, message: wrapStream(res.message, { fail: normalise }) };
  };
}
