import { WatchEventType } from "../../../gen/kargo/api/v1/watch_pb.js";
import { errorTargetOf } from "../error-target.js";
import { toConnectError } from "../to-connect-error.js";
import type { SubscribeOptions, WatchEvent, WatchRequest } from "./watch-event.js";
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
 * Turns a hub subscription into the messages of a Watch* RPC. `respond` builds one response
 * from one event; hub errors become ConnectErrors (OUT_OF_RANGE for an expired version,
 * RESOURCE_EXHAUSTED for a consumer past its buffer). A handler is a few lines:
 *
 * ```ts
 * async function* watchStages(req, ctx) {
 *   // validate, check the project exists …
 *   yield* serveWatch(hub, { type: RESOURCES.stages, namespace: req.project, resourceVersion: req.resourceVersion }, ctx.signal,
 *     (e) => create(WatchStagesResponseSchema, { type: watchEventType(e.type), stage: e.object && toMessage(StageSchema, e.object), resourceVersion: e.resourceVersion }));
 * }
 * ```
 */
export function serveWatch<Response>(
  hub: WatchHub,
  request: WatchRequest,
  signal: AbortSignal,
  respond: (event: WatchEvent) => Response,
  options: Omit<SubscribeOptions, "signal"> = {},
): AsyncIterableIterator<Response> {
  return new WatchResponses(hub.subscribe(request, { ...options, signal }), request, respond);
}

/**
 * The subscription's events as responses. A class instance rather than an async generator: one
 * lives per open stream, and a generator adds a suspended frame and a promise hop per event
 * (issue 18: watch fan-out).
 */
class WatchResponses<Response> implements AsyncIterableIterator<Response> {
  constructor(
    private readonly events: AsyncIterableIterator<WatchEvent>,
    private readonly request: WatchRequest,
    private readonly respond: (event: WatchEvent) => Response,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Response>> {
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

  /** Ends the subscription; hub errors become ConnectErrors naming the watched type. */
  private failed(error: unknown): never {
    void this.events.return?.();
    const { type, namespace } = this.request;
    throw toConnectError(error, errorTargetOf(type, undefined, namespace));
  }
}
