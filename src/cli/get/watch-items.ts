import { WatchEventType } from "../../../gen/kargo/api/v1/watch_pb.js";
import type { Resync, WatchResponseLike } from "../../client/watch-resumable.js";
import type { Item, WatchItem } from "./resource-kind.js";

const TYPES: Record<WatchEventType, WatchItem["type"]> = {
  [WatchEventType.UNSPECIFIED]: "MODIFIED",
  [WatchEventType.ADDED]: "ADDED",
  [WatchEventType.MODIFIED]: "MODIFIED",
  [WatchEventType.DELETED]: "DELETED",
  [WatchEventType.BOOKMARK]: "BOOKMARK",
};

/** Maps the events of a resumable watch to WatchItems with `objectOf` (the response's object field) and `toItem`. */
export async function* watchItems<R extends WatchResponseLike, T>(
  events: AsyncIterable<R | Resync>,
  objectOf: (response: R) => T | undefined,
  toItem: (object: T) => Item,
): AsyncGenerator<WatchItem> {
  for await (const event of events) {
    if (event.type === "RESYNC") {
      yield { type: "RESYNC" };
      continue;
    }
    const object = objectOf(event as R);
    yield { type: TYPES[event.type as WatchEventType], item: object === undefined ? undefined : toItem(object) };
  }
}
