import type { DescMethod } from "@bufbuild/protobuf";
import { Code, ConnectError, type Interceptor, type StreamResponse, type UnaryRequest, type StreamRequest, type UnaryResponse } from "@connectrpc/connect";
import { watchHandOffKey, type CallEnd, type WatchHandOff } from "../../kube/index.js";
import { callRecordKey } from "../context/call-record-key.js";
import { wrapStream } from "../wrap-stream.js";

/**
 * Told that a call starts (when its request arrived, and its procedure `/service/Method`, the name
 * logs and metrics give it); answers what to do once it is over. That answer must not hold the
 * request: it may outlive the call's pipeline (a handed-off watch stream, WatchHandOff).
 */
export type CallObserver = (req: UnaryRequest | StreamRequest, startedAt: number, procedure: string) => CallEnd;

/** `/service/Method` per method descriptor, made once. */
const procedures = new WeakMap<DescMethod, string>();

function procedureOf(method: DescMethod): string {
  let procedure = procedures.get(method);
  if (procedure === undefined) procedures.set(method, (procedure = `/${method.parent.typeName}/${method.name}`));
  return procedure;
}

/**
 * One interceptor for every observer of calls (metrics, logging): it marks the call record as
 * intercepted (the HTTP layer then leaves the call's log line and metrics to the observers) and
 * tells each observer of the start and, through one {@link observeCall}, of the end — in reverse
 * order, as nested interceptors would. One async layer and one stream wrapper per call for all of
 * them (issue 18: an interceptor each cost a layer, a wrapper, and the record and clock read twice).
 */
export function createObservingInterceptor(observers: readonly CallObserver[]): Interceptor {
  return (next) => (req) => {
    const record = req.contextValues.get(callRecordKey);
    if (record) {
      record.intercepted = true;
    }
    const startedAt = record?.startedAt ?? performance.now();
    const procedure = procedureOf(req.method);
    return observeCall(next, req, endEach(observers.map((observe) => observe(req, startedAt, procedure))));
  };
}

/**
 * One end for all observers, in reverse order. Made here, outside the interceptor, so that it holds
 * only the observers' ends: it outlives the RPC pipeline of a handed-off watch stream
 * (WatchHandOff), and a closure made inside the interceptor would keep that whole pipeline (`next`,
 * the call's context) through its context chain.
 */
function endEach(ends: readonly CallEnd[]): CallEnd {
  return (error, clientLeft) => {
    for (let i = ends.length - 1; i >= 0; i--) ends[i]!(error, clientLeft);
  };
}

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
