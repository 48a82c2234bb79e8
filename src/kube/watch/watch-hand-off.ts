import { createContextKey } from "@connectrpc/connect";

/**
 * An established watch's live responses, pulled without the RPC pipeline (push mode): what
 * serveWatch hands to the HTTP layer once the snapshot and its BOOKMARK have gone out.
 */
export interface LiveWatch<Response = unknown> {
  /** `ready` is called whenever `take()` may have something new: a response, the end, a failure. */
  listen(ready: () => void): void;
  /**
   * The next response without waiting: undefined when none is waiting, done once closed. Throws
   * the ConnectError the stream must end with (OUT_OF_RANGE, RESOURCE_EXHAUSTED …), as the
   * handler's iterator would have.
   */
  take(): IteratorResult<Response> | undefined;
  /** Stops the watch (the subscription leaves the hub). */
  close(): void;
}

/** Called once when a call is over: the error it ended with (if any), and whether the client ended it. */
export type CallEnd = (error: unknown, clientLeft: boolean) => void;

/**
 * Where a server-streaming call can hand its established watch to the HTTP layer, which then
 * writes each event's shared, already-enveloped frame to the response itself and ends the stream
 * (issue 18: watch fan-out). Set by src/server/http/create-rpc-handler.ts on the calls it can
 * serve that way; unset elsewhere (the in-memory router transport, tests calling handlers
 * directly), where serveWatch keeps serving through its iterator.
 */
export interface WatchHandOff {
  /**
   * Takes `live` over; `timeoutMs` is what is left of the call's deadline (undefined: none). False
   * when this call cannot be handed off (the caller keeps iterating). On true the handler's
   * iterator ends at once and the call stays open.
   */
  accept(live: LiveWatch, timeoutMs: number | undefined): boolean;
  /**
   * For observers of the call's end (logging, metrics): when the call was handed off, `onEnd` is
   * kept and called at the stream's real end, and true is returned; otherwise false.
   */
  deferEnd(onEnd: CallEnd): boolean;
}

/** The call's hand-off, if the HTTP layer offers one. */
export const watchHandOffKey = createContextKey<WatchHandOff | undefined>(undefined, { description: "watch hand-off" });
