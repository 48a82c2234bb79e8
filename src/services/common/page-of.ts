import { paginate, type Page } from "../../kube/index.js";

/** The paging fields every List request has (AIP-158). */
export interface PagingRequest {
  pageSize: number;
  pageToken: string;
}

/**
 * One page of an already filtered and ordered list, as the response fields of a List RPC:
 * `{ items, nextPageToken, totalSize }`. `query` is every request field apart from paging (e.g.
 * `{ project, freightOrigins }`): a page_token issued for another query is INVALID_ARGUMENT;
 * a negative page_size too. Spread the result's fields into the response:
 *
 * ```ts
 * const { items, nextPageToken, totalSize } = pageOf(stages, req, { project, origins });
 * return create(ListStagesResponseSchema, { stages: items.map(toStage), nextPageToken, totalSize });
 * ```
 */
export function pageOf<T>(
  items: readonly T[],
  request: PagingRequest,
  query: Record<string, unknown>,
): { items: T[]; nextPageToken: string; totalSize: number } {
  const page: Page<T> = paginate(items, { pageSize: request.pageSize, pageToken: request.pageToken, query: JSON.stringify(query) });
  return { items: page.page, nextPageToken: page.nextPageToken, totalSize: page.totalSize };
}
