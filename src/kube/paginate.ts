import { createHash } from "node:crypto";
import { Code, ConnectError } from "@connectrpc/connect";
import { decodeJsonToken, encodeJsonToken } from "../util/json-token.js";

/** Page size when the request says 0 (AIP-158: the server picks). */
export const DEFAULT_PAGE_SIZE = 100;
/** Larger requested sizes are reduced to this (AIP-158: coerce, don't fail). */
export const MAX_PAGE_SIZE = 1000;

/** What a List RPC asked for. */
export interface PageRequest {
  /** 0 = DEFAULT_PAGE_SIZE; negative → INVALID_ARGUMENT. */
  pageSize: number;
  /** "" for the first page, else a next_page_token of the same query. */
  pageToken: string;
  /**
   * Identifies the query apart from paging (e.g. `JSON.stringify({project, stage})`): a token
   * issued for another query is INVALID_ARGUMENT, as AIP-158 asks.
   */
  query: string;
}

/** One page of the items. */
export interface Page<T> {
  page: T[];
  /** "" on the last page. */
  nextPageToken: string;
  /** Matches over all pages. */
  totalSize: number;
}

/**
 * Cuts one page out of the full, already filtered and ordered list. The token is opaque to
 * clients: base64url of `{o: offset, q: hash of the query}`. Offsets over a list that changes
 * between pages may skip or repeat an item (AIP-158 allows it); clients wanting a consistent view
 * use a watch.
 */
export function paginate<T>(items: readonly T[], request: PageRequest): Page<T> {
  if (!Number.isInteger(request.pageSize) || request.pageSize < 0) {
    throw new ConnectError(`page_size must not be negative (got ${request.pageSize})`, Code.InvalidArgument);
  }
  const size = Math.min(request.pageSize === 0 ? DEFAULT_PAGE_SIZE : request.pageSize, MAX_PAGE_SIZE);
  const queryHash = hashQuery(request.query);
  const offset = request.pageToken === "" ? 0 : offsetOf(request.pageToken, queryHash);
  const end = offset + size;
  return {
    page: items.slice(offset, end),
    nextPageToken: end < items.length ? encodeToken(end, queryHash) : "",
    totalSize: items.length,
  };
}

function hashQuery(query: string): string {
  return createHash("sha256").update(query).digest("base64url").slice(0, 16);
}

function encodeToken(offset: number, queryHash: string): string {
  return encodeJsonToken({ o: offset, q: queryHash });
}

function offsetOf(token: string, queryHash: string): number {
  const { o, q } = decodeJsonToken(token);
  if (typeof o !== "number" || !Number.isInteger(o) || o < 0 || typeof q !== "string") {
    throw new ConnectError("page_token is not a token this server issued", Code.InvalidArgument);
  }
  if (q !== queryHash) {
    throw new ConnectError("page_token belongs to a different query; keep the other request fields unchanged between pages", Code.InvalidArgument);
  }
  return o;
}
