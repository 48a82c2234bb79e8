import { decodeContinueToken, encodeContinueToken } from "./continue-token.js";
import type { AfterKey } from "./object-table.js";
import type { StoreContext } from "./store-context.js";
import { StoreError } from "./store-error.js";
import type { KubeObject, ListOptions, ListResult, ResourceTypeInfo } from "./types.js";

/**
 * ObjectStore.list. One call reads under one synchronous SQLite statement, so a page is a
 * consistent snapshot at the returned version. Pages after the first continue from the last key
 * with the data current at that time (not Kubernetes' snapshot-at-first-page), and report the
 * first page's resourceVersion: a client that lists every page and then watches from that version
 * may see replayed changes but never misses one. remainingItemCount is set only without a filter,
 * as Kubernetes sets it only without selectors.
 */
export function listObjects(context: StoreContext, type: ResourceTypeInfo, options: ListOptions = {}): ListResult {
  const namespace = type.namespaced && options.namespace ? options.namespace : undefined;
  const limit = options.limit !== undefined && options.limit > 0 ? options.limit : Number.POSITIVE_INFINITY;
  let after: AfterKey | undefined;
  let resourceVersion = context.counter.current;
  if (options.continue) {
    const position = decodeContinueToken(options.continue);
    if (position === undefined || (namespace !== undefined && position.after.namespace !== namespace)) {
      throw new StoreError("BadRequest", "invalid continue token", { group: type.group, resource: type.resource });
    }
    after = position.after;
    resourceVersion = position.resourceVersion;
  }
  const { filter } = options;
  const items: KubeObject[] = [];
  let more = false;
  for (const data of context.objects.scan(type.group, type.resource, namespace, after)) {
    if (items.length >= limit && filter === undefined) {
      more = true;
      break;
    }
    const object = JSON.parse(data) as KubeObject;
    if (filter !== undefined && !filter(object)) {
      continue;
    }
    if (items.length >= limit) {
      more = true;
      break;
    }
    items.push(object);
  }
  const result: ListResult = { items, resourceVersion: String(resourceVersion) };
  if (more) {
    const last = items[items.length - 1]!.metadata;
    const lastKey = { namespace: last.namespace ?? "", name: last.name ?? "" };
    result.continue = encodeContinueToken({ resourceVersion, after: lastKey });
    if (filter === undefined) {
      result.remainingItemCount = context.objects.countAfter(type.group, type.resource, namespace, lastKey);
    }
  }
  return result;
}
