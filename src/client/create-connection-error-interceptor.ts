import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";

/** errno codes that mean the connection could not be made or was lost. */
const CONNECTION_ERRNOS = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/**
 * Gives connection failures one code, UNAVAILABLE, whatever the transport made of them:
 * connect-node reports a reset connection as ABORTED, and any network error as INTERNAL when the
 * error object comes from another JavaScript realm (a vm context, say), where its cause check
 * fails. Retries and watchResumable then treat every lost connection alike. Errors the server
 * sent are left as they are.
 */
export function createConnectionErrorInterceptor(): Interceptor {
  return (next) => async (req) => {
    try {
      const res = await next(req);
      if (!res.stream) return res;
      return { ...res, message: normalizeStream(res.message) };
    } catch (e) {
      throw normalizeConnectionError(e);
    }
  };
}

async function* normalizeStream<T>(messages: AsyncIterable<T>): AsyncIterable<T> {
  try {
    yield* messages;
  } catch (e) {
    throw normalizeConnectionError(e);
  }
}

/** `error` as a ConnectError; UNAVAILABLE when its cause chain holds a connection errno. */
export function normalizeConnectionError(error: unknown): ConnectError {
  const connect = ConnectError.from(error);
  if (connect.code === Code.Unavailable || connect.code === Code.Canceled || connect.code === Code.DeadlineExceeded) return connect;
  let cause: unknown = connect.cause;
  for (let depth = 0; depth < 10 && typeof cause === "object" && cause !== null; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && CONNECTION_ERRNOS.has(code)) {
      const unavailable = new ConnectError(connect.rawMessage, Code.Unavailable, connect.metadata, undefined, connect.cause);
      unavailable.details.push(...connect.details);
      return unavailable;
    }
    cause = (cause as { cause?: unknown }).cause;
  }
  return connect;
}
