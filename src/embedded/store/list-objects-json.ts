import { readListPage } from "./read-list-page.js";
import type { StoreContext } from "./store-context.js";
import type { ListOptions, ListResult, ResourceTypeInfo } from "./types.js";

/** A list page whose items are the stored JSON texts, ready to be spliced into a response body. */
export interface ListJsonResult extends Omit<ListResult, "items"> {
  /** Each item is one object's JSON, exactly as stored (metadata.resourceVersion included). */
  items: string[];
}

/**
 * Like ObjectStore.list, but without parsing and re-serialising every object: an HTTP layer that
 * writes `"items":[` + items.join(",") + `]` serves a 10,000-object list several times faster.
 * With a filter each row is still parsed once, to test it.
 */
export function listObjectsJson(context: StoreContext, type: ResourceTypeInfo, options: ListOptions = {}): ListJsonResult {
  const page = readListPage(context, type, options);
  const result: ListJsonResult = { items: page.data, resourceVersion: page.resourceVersion };
  if (page.continue !== undefined) {
    result.continue = page.continue;
  }
  if (page.remainingItemCount !== undefined) {
    result.remainingItemCount = page.remainingItemCount;
  }
  return result;
}
