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
export async function* serveWatch<Response>(
  hub: WatchHub,
  request: WatchRequest,
  signal: AbortSignal,
  respond: (event: WatchEvent) => Response,
  options: Omit<SubscribeOptions, "signal"> = {},
): AsyncGenerator<Response> {
  const events = hub.subscribe(request, { ...options, signal });
  try {
    for await (const event of events) yield respond(event);
  } catch (error) {
    throw toConnectError(error, errorTargetOf(request.type, undefined, request.namespace));
  } finally {
    await events.return?.();
  }
}
