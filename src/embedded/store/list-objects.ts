import { readListPage } from "./read-list-page.js";
import type { StoreContext } from "./store-context.js";
import type { KubeObject, ListOptions, ListResult, ResourceTypeInfo } from "./types.js";

/** ObjectStore.list: a page of parsed objects (see readListPage for snapshot and paging rules). */
export function listObjects(context: StoreContext, type: ResourceTypeInfo, options: ListOptions = {}): ListResult {
  const page = readListPage(context, type, options);
  const result: ListResult = {
    items: page.data.map((data, index) => page.parsed[index] ?? (JSON.parse(data) as KubeObject)),
    resourceVersion: page.resourceVersion,
  };
  if (page.continue !== undefined) {
    result.continue = page.continue;
  }
  if (page.remainingItemCount !== undefined) {
    result.remainingItemCount = page.remainingItemCount;
  }
  return result;
}
