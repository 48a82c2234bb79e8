import type { ServerResponse } from "node:http";
import { apiVersionOf } from "../resources/resource-types.js";
import type { KubeObject, ObjectFilter, WatchEvent, Watcher } from "../store/types.js";
import { badRequest, internalError, isApiError, type ApiError } from "./api-error.js";
import type { ApiDeps, ResourceRequest } from "./api-context.js";
import { buildObjectFilter } from "./build-object-filter.js";
import { withTypeMeta } from "./decode-object.js";
import { fromStoreError } from "./from-store-error.js";
import { toTable } from "./table/to-table.js";

// A client that stops reading must not make the server buffer without bound; past this many
// unsent bytes the watch ends and the client, like any watch client, starts a new one.
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/**
 * Serves a watch as Kubernetes does: HTTP 200 with a chunked stream of newline-delimited JSON
 * `{"type", "object"}` events (ADDED, MODIFIED, DELETED; BOOKMARK every bookmark interval when
 * `allowWatchBookmarks=true`). Without a resourceVersion the stream starts with ADDED for every
 * current object; with one it continues after it. A version older than the retained history is
 * answered in-stream with an ERROR event holding a 410 Expired Status, then the stream ends, which
 * is how client-go and client-node informers learn to relist. `timeoutSeconds` ends the stream.
 */
export function serveWatch(deps: ApiDeps, request: ResourceRequest, response: ServerResponse): void {
  const { type, path, url } = request;
  const query = url.searchParams;
  const selected = buildObjectFilter(type, query);
  const filter: ObjectFilter | undefined = path.name ? (object) => object.metadata.name === path.name && (!selected || selected(object)) : selected;
  const timeoutText = query.get("timeoutSeconds");
  const timeoutSeconds = timeoutText ? Number(timeoutText) : undefined;
  if (timeoutSeconds !== undefined && !(Number.isFinite(timeoutSeconds) && timeoutSeconds >= 0)) {
    throw badRequest(`timeoutSeconds must be a non-negative number, not ${JSON.stringify(timeoutText)}`);
  }
  const bookmarks = query.get("allowWatchBookmarks") === "true";
  const resourceVersion = query.get("resourceVersion") || undefined;

  response.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private" });
  response.flushHeaders();

  let watcher: Watcher | undefined;
  let ended = false;
  let sentTable = false;
  const timers: NodeJS.Timeout[] = [];
  // The newest version delivered; a BOOKMARK never claims more than what the client has seen.
  let lastVersion = maxVersion(0n, resourceVersion && resourceVersion !== "0" ? resourceVersion : deps.store.currentResourceVersion());

  const end = () => {
    if (ended) return;
    ended = true;
    watcher?.close();
    for (const timer of timers) clearInterval(timer);
    response.end();
  };
  const send = (eventType: string, object: unknown) => {
    if (ended) return;
    response.write(`${JSON.stringify({ type: eventType, object })}\n`);
    if (response.writableLength > MAX_BUFFERED_BYTES) {
      deps.logger.warn({ resource: type.resource, buffered: response.writableLength }, "watch client too slow; ending watch");
      end();
    }
  };
  const onEvent = (event: WatchEvent) => {
    const version = event.object.metadata.resourceVersion;
    if (version) lastVersion = maxVersion(lastVersion, version);
    if (event.type === "BOOKMARK") {
      if (bookmarks) send("BOOKMARK", bookmark(event.object.metadata.resourceVersion ?? lastVersion.toString()));
      return;
    }
    const object = withTypeMeta(type, event.object);
    if (!request.table) {
      send(event.type, object);
      return;
    }
    // As Kubernetes does for Table watches: a one-row Table per event, column definitions in the first only.
    send(event.type, toTable(type, [object], request.table, { resourceVersion: object.metadata.resourceVersion ?? "" }, !sentTable));
    sentTable = true;
  };
  const bookmark = (version: string): KubeObject => ({ apiVersion: apiVersionOf(type), kind: type.kind, metadata: { resourceVersion: version } });

  response.on("close", end);
  try {
    watcher = deps.store.watch(
      type,
      {
        ...(type.namespaced && path.namespace !== undefined ? { namespace: path.namespace } : {}),
        ...(filter ? { filter } : {}),
        ...(resourceVersion ? { resourceVersion } : {}),
      },
      onEvent,
    );
  } catch (error) {
    const failure = isApiError(error) ? error : safeFromStoreError(error);
    send("ERROR", failure.toStatus());
    end();
    return;
  }
  if (ended) {
    watcher.close();
    return;
  }
  // Outside a listener call every change up to the store's current version has been delivered (or
  // filtered out), so a BOOKMARK may carry it, as Kubernetes' bookmarks carry the watch cache's
  // progress: a client resuming a quiet kind from an old version moves on (the API server's
  // replay of its history hands over to its informer on it) instead of staying at that version.
  const progress = () => maxVersion(lastVersion, deps.store.currentResourceVersion()).toString();
  if (bookmarks) timers.push(setInterval(() => send("BOOKMARK", bookmark(progress())), deps.options.bookmarkIntervalMs));
  if (timeoutSeconds !== undefined) timers.push(setTimeout(end, timeoutSeconds * 1000));
}

function maxVersion(current: bigint, version: string): bigint {
  try {
    const value = BigInt(version);
    return value > current ? value : current;
  } catch {
    return current;
  }
}

// In a stream that has already started, even a bug must end as an ERROR event, not a throw.
function safeFromStoreError(error: unknown): ApiError {
  try {
    return fromStoreError(error);
  } catch (unknown) {
    return internalError(unknown);
  }
}
