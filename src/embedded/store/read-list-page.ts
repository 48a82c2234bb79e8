import { decodeContinueToken, encodeContinueToken, type ContinuePosition } from "./continue-token.js";
import { countRemaining, unchangedSince } from "./count-remaining.js";
import { typeId } from "./object-key.js";
import type { AfterKey } from "./object-table.js";
import type { StoreContext } from "./store-context.js";
import { StoreError } from "./store-error.js";
import type { KubeObject, ListOptions, ResourceTypeInfo } from "./types.js";

/** One list page as stored JSON, with the objects already parsed where the filter needed them. */
export interface ListPage {
  data: string[];
  /** Parallel to `data`: the parsed object when the filter parsed it, else undefined. */
  parsed: Array<KubeObject | undefined>;
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

/**
 * Reads one page of a list. One call reads under one synchronous SQLite statement, so a page is
 * a consistent snapshot at the returned version. Pages after the first continue from the last key
 * with the data current at that time (not Kubernetes' snapshot-at-first-page), and report the
 * first page's resourceVersion: a client that lists every page and then watches from that version
 * may see replayed changes but never misses one. remainingItemCount is set only without a filter,
 * as Kubernetes sets it only without selectors. Without a filter no row is parsed.
 *
 * remainingItemCount is counted once per list, not once per page (counting the rest on every page
 * made listing n objects in pages quadratic: informers list in pages of 500): the token carries the
 * count and the store's version at the time, and the next page subtracts what it read, provided no
 * change to the type was committed in between; otherwise it counts again. So it is exact whenever
 * it is present.
 */
export function readListPage(context: StoreContext, type: ResourceTypeInfo, options: ListOptions = {}): ListPage {
  const namespace = type.namespaced && options.namespace ? options.namespace : undefined;
  const limit = options.limit !== undefined && options.limit > 0 ? options.limit : Number.POSITIVE_INFINITY;
  const id = typeId(type);
  let after: AfterKey | undefined;
  let resourceVersion = context.counter.current;
  let carried: ContinuePosition["remaining"];
  if (options.continue) {
    const position = decodeContinueToken(options.continue);
    if (position === undefined || position.type !== id || (namespace !== undefined && position.after.namespace !== namespace)) {
      throw new StoreError("BadRequest", "invalid continue token", { group: type.group, resource: type.resource });
    }
    after = position.after;
    resourceVersion = position.resourceVersion;
    carried = position.remaining;
  }
  const { filter } = options;
  let data: string[] = [];
  let parsed: Array<KubeObject | undefined> = [];
  let more = false;
  if (filter === undefined) {
    // One row more than the page holds tells whether there is more.
    data = context.objects.page(type.group, type.resource, namespace, after, Number.isFinite(limit) ? limit + 1 : -1);
    more = data.length > limit;
    if (more) data.length = limit;
    parsed = new Array<KubeObject | undefined>(data.length).fill(undefined);
  } else {
    for (const row of context.objects.scan(type.group, type.resource, namespace, after)) {
      const object = JSON.parse(row) as KubeObject;
      if (!filter(object)) {
        continue;
      }
      if (data.length >= limit) {
        more = true;
        break;
      }
      data.push(row);
      parsed.push(object);
    }
  }
  const page: ListPage = { data, parsed, resourceVersion: String(resourceVersion) };
  if (more) {
    const last = parsed[parsed.length - 1] ?? (JSON.parse(data[data.length - 1]!) as KubeObject);
    const lastKey = { namespace: last.metadata.namespace ?? "", name: last.metadata.name ?? "" };
    if (filter === undefined) {
      const count =
        carried !== undefined && carried.namespaced === (namespace !== undefined) && carried.count >= data.length && unchangedSince(context, type, carried.at)
          ? carried.count - data.length
          : countRemaining(context, type, namespace, lastKey);
      page.remainingItemCount = count;
      // A count that includes the open group's rows is not carried: if that COMMIT fails, the
      // counter stays where it is and the next page would trust it (count-remaining.ts).
      const carry = !context.writer.hasUncommitted(type);
      page.continue = encodeContinueToken({
        type: id,
        resourceVersion,
        after: lastKey,
        ...(carry ? { remaining: { count, at: context.counter.current, namespaced: namespace !== undefined } } : {}),
      });
    } else {
      page.continue = encodeContinueToken({ type: id, resourceVersion, after: lastKey });
    }
  }
  return page;
}
