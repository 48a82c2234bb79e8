import { typeId } from "./object-key.js";
import type { AfterKey } from "./object-table.js";
import type { StoreContext } from "./store-context.js";
import type { ResourceTypeInfo } from "./types.js";

/** Counts kept per open store; a handful of list positions are asked for again and again. */
const MAX_REMEMBERED = 256;

/**
 * How many objects of the type come after `after` (a list page's remainingItemCount), remembered
 * while the type is unchanged. Counting is a scan of every later row, and clients ask for the same
 * position repeatedly: a one-item LIST (the embedded controllers' probe before every pass, an
 * informer's latest-version probe) counts every object of the type; with 50,000 Stages that was
 * the largest share of the start-up's CPU profile (bench/README.md). A remembered count is used
 * only while no change to the type was committed since it was counted (the rule of the continue
 * token's carried count, read-list-page.ts).
 */
export function countRemaining(context: StoreContext, type: ResourceTypeInfo, namespace: string | undefined, after: AfterKey): number {
  // The open group's rows of the type are counted but may never be committed (its COMMIT can
  // fail and leave the counter where it is): such a count is exact now and never remembered.
  if (context.writer.hasUncommitted(type)) return context.objects.countAfter(type.group, type.resource, namespace, after);
  const counts = context.remainingCounts;
  const key = `${typeId(type)}\0${namespace ?? "\0"}\0${after.namespace}\0${after.name}`;
  const known = counts.get(key);
  if (known !== undefined && unchangedSince(context, type, known.at)) {
    // Still exact now: the next check need only look at the history from here.
    known.at = context.counter.current;
    return known.count;
  }
  const count = context.objects.countAfter(type.group, type.resource, namespace, after);
  counts.delete(key);
  // Oldest first out: a Map iterates in insertion order and a recount re-inserts.
  if (counts.size >= MAX_REMEMBERED) counts.delete(counts.keys().next().value!);
  counts.set(key, { count, at: context.counter.current });
  return count;
}

/**
 * Whether no change to the type was committed after version `at`: none at all (the counter has
 * not moved), or none of this type in the retained history. A version older than the compaction
 * mark cannot be vouched for, nor any while the open group holds writes to the type (the rows a
 * list reads then include them, the counter does not).
 */
export function unchangedSince(context: StoreContext, type: ResourceTypeInfo, at: number): boolean {
  if (context.writer.hasUncommitted(type)) return false;
  if (at === context.counter.current) return true;
  if (at > context.counter.current || at < context.counter.compacted) return false;
  return !context.history.changedSince(type.group, type.resource, at);
}
