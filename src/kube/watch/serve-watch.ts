import { WatchEventType } from "../../../gen/kargo/api/v1/watch_pb.js";
import { errorTargetOf } from "../error-target.js";
import { toConnectError } from "../to-connect-error.js";
import type { HandlerContext } from "@connectrpc/connect";
import type { Subscription } from "./subscription.js";
import type { SubscribeOptions, WatchEvent, WatchRequest } from "./watch-event.js";
import { watchHandOffKey, type LiveWatch, type WatchHandOff } from "./watch-hand-off.js";
import type { WatchHub } from "./watch-hub.js";

const EVENT_TYPES: Record<WatchEvent["type"], WatchEventType> = {
  ADDED: WatchEventType.ADDED,
  MODIFIED: WatchEventType.MODIFIED,
  DELETED: WatchEventType.DELETED,
  BOOKMARK: WatchEventType.BOOKMARK,
};

/** The proto enum value of a watch event type. */
export function watchEventType(type: WatchEvent["type"]): WatchEventType {
  return EVENT_TYPES[type];
}

/**
 * What serveWatch needs of the RPC's context: its signal, and — to hand an established watch to
 * the HTTP layer (issue 18) — its context values and deadline. A Connect HandlerContext is one; a
 * bare AbortSignal serves through the iterator only.
 */
export type WatchContext = AbortSignal | Pick<HandlerContext, "signal" | "values" | "timeoutMs">;

/**
 * Turns a hub subscription into the messages of a Watch* RPC. `respond` builds one response
 * from one event; hub errors become ConnectErrors (OUT_OF_RANGE for an expired version,
 * RESOURCE_EXHAUSTED for a consumer past its buffer). A handler is a few lines:
 *
 * ```ts
 * async function* watchStages(req, ctx) {
 *   // validate, check the project exists …
 *   yield* serveWatch(hub, { type: RESOURCES.stages, namespace: req.project, resourceVersion: req.resourceVersion }, ctx,
 *     (e) => create(WatchStagesResponseSchema, { type: watchEventType(e.type), stage: e.object && toMessage(StageSchema, e.object), resourceVersion: e.resourceVersion }));
 * }
 * ```
 *
 * Given the handler's context and a call the HTTP layer can serve directly (watchHandOffKey), the
 * iterator ends once the snapshot (or resumed backlog) has been sent — the snapshot's BOOKMARK
 * included — and the live subscription, with `respond`, goes to the HTTP layer, which writes each
 * later event to the response itself: the same messages, without a per-stream RPC pipeline. So
 * `respond` must be all a handler does per event (no work after `yield*`).
 */
export function serveWatch<Response>(
  hub: WatchHub,
  request: WatchRequest,
  context: WatchContext,
  respond: (event: WatchEvent) => Response,
  options: Omit<SubscribeOptions, "signal"> = {},
): AsyncIterableIterator<Response> {
  if (context instanceof AbortSignal) return new WatchResponses(hub.subscribe(request, { ...options, signal: context }), request, respond, undefined);
  const to = context.values.get(watchHandOffKey);
  return new WatchResponses(hub.subscribe(request, { ...options, signal: context.signal }), request, respond, to && { to, context });
}

/**
 * The subscription's events as responses. A class instance rather than an async generator: one
 * lives per open stream, and a generator adds a suspended frame and a promise hop per event
 * (issue 18: watch fan-out). Also the LiveWatch a handed-off stream pulls from.
 */
class WatchResponses<Response> implements AsyncIterableIterator<Response>, LiveWatch<Response> {
  constructor(
    private readonly events: Subscription,
    private readonly request: WatchRequest,
    private readonly respond: (event: WatchEvent) => Response,
    private handOff: { readonly to: WatchHandOff; readonly context: Pick<HandlerContext, "signal" | "timeoutMs"> } | undefined,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Response>> {
    const handOff = this.handOff;
    if (handOff !== undefined && this.events.live && !handOff.context.signal.aborted) {
      this.handOff = undefined;
      if (handOff.to.accept(this, handOff.context.timeoutMs())) {
        // The RPC's signal aborts once its pipeline has finished: the subscription stops following it.
        this.events.pushTo(() => {});
        return Promise.resolve({ done: true, value: undefined });
      }
    }
    return this.events.next().then(
      (r): IteratorResult<Response> => {
        if (r.done === true) return { done: true, value: undefined };
        try {
          return { done: false, value: this.respond(r.value) };
        } catch (error) {
          return this.failed(error);
        }
      },
      (error: unknown) => this.failed(error),
    );
  }

  async return(value?: unknown): Promise<IteratorResult<Response>> {
    await this.events.return?.();
    return { done: true, value: value as Response };
  }

  throw(error?: unknown): Promise<IteratorResult<Response>> {
    return Promise.reject(error).catch((e: unknown) => this.failed(e));
  }

  listen(ready: () => void): void {
    this.events.pushTo(ready);
  }

  take(): IteratorResult<Response> | undefined {
    let r: IteratorResult<WatchEvent> | undefined;
    try {
      r = this.events.take();
      if (r === undefined || r.done === true) return r;
      return { done: false, value: this.respond(r.value) };
    } catch (error) {
      return this.failed(error);
    }
  }

  close(): void {
    void this.events.return();
  }

  /** Ends the subscription; hub errors become ConnectErrors naming the watched type. */
  private failed(error: unknown): never {
    void this.events.return?.();
    const { type, namespace } = this.request;
    throw toConnectError(error, errorTargetOf(type, undefined, namespace));
  }
}
