import type { StoreContext } from "./store-context.js";
import { StoreError } from "./store-error.js";
import type { KubeObject, ResourceTypeInfo, WatchEvent, WatchOptions, Watcher } from "./types.js";
import { Subscription } from "./watch-hub.js";

/**
 * ObjectStore.watch. The initial events — ADDED for every current object, or the retained changes
 * after `resourceVersion` — are delivered synchronously, before watch() returns; live changes
 * follow, each right after its write committed. Delivery is gap-free and duplicate-free because
 * the subscription remembers the last version it delivered.
 *
 * Bookmarks: outside a listener call, every change up to currentResourceVersion() has been
 * delivered, so the API layer makes a BOOKMARK from it (after watch() returns, and on a timer).
 */
export function watchObjects(context: StoreContext, type: ResourceTypeInfo, options: WatchOptions, onEvent: (event: WatchEvent) => void): Watcher {
  const namespace = type.namespaced && options.namespace ? options.namespace : undefined;
  const requested = options.resourceVersion;
  // With group commit, rows of the open group are readable but not yet counted or published: a
  // snapshot including them would announce them twice. Commit them first.
  context.writer.flush();
  const current = context.counter.current;
  const subscription = new Subscription(type, namespace, options.filter, current, onEvent, context.logger);
  if (requested === undefined || requested === "" || requested === "0") {
    for (const data of context.objects.scan(type.group, type.resource, namespace, undefined)) {
      const object = JSON.parse(data) as KubeObject;
      if (matches(subscription, object)) {
        subscription.send({ type: "ADDED", object });
      }
    }
  } else {
    const version = parseVersion(type, requested);
    if (version < context.counter.compacted || version > current) {
      // Older than the retained history, or a version this store never issued (e.g. the data
      // directory was replaced): either way the client must relist, which 410 Gone tells it.
      const message =
        version > current
          ? `resource version ${requested} is newer than the store's (${current}); relist`
          : `too old resource version: ${requested} (${context.counter.compacted})`;
      throw new StoreError("Expired", message, { group: type.group, resource: type.resource });
    }
    subscription.deliveredVersion = version;
    for (const change of context.history.since(type.group, type.resource, version)) {
      subscription.deliver(change);
    }
    subscription.deliveredVersion = Math.max(subscription.deliveredVersion, current);
  }
  context.hub.add(subscription);
  return { close: () => context.hub.remove(subscription) };
}

function matches(subscription: Subscription, object: KubeObject): boolean {
  if (subscription.filter === undefined) {
    return true;
  }
  try {
    return subscription.filter(object);
  } catch {
    return false;
  }
}

function parseVersion(type: ResourceTypeInfo, text: string): number {
  // More digits than any version this store issues (safe integers): newer than its current one,
  // answered like any other version it never issued rather than as a malformed one.
  if (/^\d{16,}$/.test(text)) return Number.POSITIVE_INFINITY;
  const version = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(version) && version !== Number.POSITIVE_INFINITY) {
    throw new StoreError("BadRequest", `invalid resource version "${text}"`, { group: type.group, resource: type.resource });
  }
  return version;
}
