import { Code, ConnectError, type StreamResponse, type UnaryRequest, type StreamRequest, type UnaryResponse } from "@connectrpc/connect";
import { watchHandOffKey, type WatchHandOff } from "../../kube/index.js";
import { wrapStream } from "../wrap-stream.js";

/**
 * Runs `next` and calls `onEnd` exactly once when the call is over: for
 * unary calls when the response or error is there, for streaming calls when
 * the response stream has ended, failed or was abandoned by the client.
 * `clientLeft` is true when the client ended the call: it stopped reading the
 * stream, or the call failed after the client reset or closed its request
 * (see {@link abortedByClient}). Lets logging and metrics treat both kinds alike.
 */
export async function observeCall(
  next: (req: UnaryRequest | StreamRequest) => Promise<UnaryResponse | StreamResponse>,
  req: UnaryRequest | StreamRequest,
  onEnd: (error: unknown, clientLeft: boolean) => void,
): Promise<UnaryResponse | StreamResponse> {
  let res: UnaryResponse | StreamResponse;
  try {
    res = await next(req);
  } catch (e) {
    onEnd(e, abortedByClient(req.signal));
    throw e;
  }
  if (!res.stream) {
    onEnd(undefined, false);
    return res;
  }
  return { ...res, message: observeStream(res.message, req.signal, req.contextValues.get(watchHandOffKey), onEnd) };
}

/**
 * The stream with `onEnd` called once: when it ends, fails, or the consumer stops reading (the
 * client went away). A stream whose handler handed its watch to the HTTP layer (WatchHandOff) ends
 * its iterator while the call goes on: `onEnd` is then called at the call's real end.
 */
function observeStream<T>(
  messages: AsyncIterable<T>,
  signal: AbortSignal,
  handOff: WatchHandOff | undefined,
  onEnd: (error: unknown, clientLeft: boolean) => void,
): AsyncIterable<T> {
  return wrapStream(messages, {
    end: () => {
      if (handOff?.deferEnd(onEnd) !== true) onEnd(undefined, false);
    },
    fail: (e) => {
      onEnd(e, abortedByClient(signal));
      return e;
    },
    abandon: () => onEnd(undefined, true),
  });
}

/**
 * Whether the call's signal was aborted by the client's side of the request: connect-node aborts it
 * when the HTTP/2 stream is reset by the peer (RST_STREAM CANCEL → canceled, but INTERNAL_ERROR →
 * "http/2 stream closed with error code INTERNAL_ERROR", code internal, which is what a Connect or
 * gRPC client sends on cancel) or the HTTP/1.1 connection closes (AbortError, or aborted for
 * ECONNRESET). The server's own reasons keep their codes: a deadline (DEADLINE_EXCEEDED) and
 * shutdown (UNAVAILABLE "server is shutting down").
 */
export function abortedByClient(signal: AbortSignal): boolean {
  if (!signal.aborted) {
    return false;
  }
  const reason: unknown = signal.reason;
  if (reason instanceof ConnectError) {
    return reason.code !== Code.DeadlineExceeded && reason.code !== Code.Unavailable;
  }
  return true;
}
