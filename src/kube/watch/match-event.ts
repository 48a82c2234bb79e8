import type { CacheEvent } from "../cache/cache-event.js";
import type { KubeObject } from "../kube-object.js";
import type { WatchEvent } from "./watch-event.js";

/**
 * What a filtered watcher sees of one change, or undefined when it sees nothing: judged on the
 * state before (CacheEvent.previous) and after, so that leaving the filter is DELETED and entering
 * it is ADDED (Kargo's REST watches do the former; its Connect watches silently dropped events).
 */
export function matchEvent(event: CacheEvent, matches: (object: KubeObject) => boolean): WatchEvent | undefined {
  const { object, resourceVersion } = event;
  switch (event.type) {
    case "ADDED":
      return matches(object) ? { type: "ADDED", object, resourceVersion } : undefined;
    case "DELETED":
      return matches(event.previous ?? object) ? { type: "DELETED", object, resourceVersion } : undefined;
    case "MODIFIED": {
      const was = event.previous ? matches(event.previous) : false;
      const is = matches(object);
      if (was && is) return { type: "MODIFIED", object, resourceVersion };
      if (is) return { type: "ADDED", object, resourceVersion };
      if (was) return { type: "DELETED", object, resourceVersion };
      return undefined;
    }
  }
}
