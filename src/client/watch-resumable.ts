import { Code, ConnectError, type CallOptions } from "@connectrpc/connect";
import { WatchEventType } from "../../gen/kargo/api/v1/watch_pb.js";
import { backoff, sleep } from "./create-retry-interceptor.js";
import { makeRetryOptions, type RetryOptions } from "./retry-options.js";

/** What every Watch* response has. */
export interface WatchResponseLike {
  readonly type: WatchEventType;
  readonly resourceVersion: string;
}

/**
 * Synthetic marker of {@link watchResumable}: the watch could not resume without a gap (the server
 * answered OUT_OF_RANGE, or the stream broke before the initial snapshot was complete), so it
 * started over. Forget what you hold: a fresh snapshot follows (ADDED for each current object,
 * then a BOOKMARK).
 */
export interface Resync {
  readonly type: "RESYNC";
  /** Why: the OUT_OF_RANGE error, or the error that broke the stream. */
  readonly reason: ConnectError;
}

/** Options of {@link watchResumable}. */
export interface WatchResumableOptions {
  /** Ends the watch (the iteration returns, without an error). */
  readonly signal?: AbortSignal;
  /**
   * Backoff between reconnections; `maxAttempts` bounds consecutive failed connections (a stream
   * that delivered a message resets the count). Default: 10 attempts, 100 ms doubling to 5 s.
   */
  readonly retry?: Partial<RetryOptions>;
  /**
   * A stream silent for this long is treated as broken and resumed (the server sends BOOKMARK
   * heartbeats, default every 15 s). Default 60 s; 0 turns it off.
   */
  readonly idleTimeoutMs?: number;
  /** Called before each reconnection, with the error and the version it resumes after ("" = relist). */
  readonly onReconnect?: (error: ConnectError, resourceVersion: string) => void;
}

/** Codes after which a watch resumes from its last version. */
const RESUMABLE = new Set([Code.Unavailable, Code.Unknown, Code.Internal, Code.DeadlineExceeded, Code.ResourceExhausted, Code.Aborted]);

/**
 * Follows a Watch* RPC across disconnects without a gap: after a broken stream (UNAVAILABLE — as at
 * server shutdown —, a reset connection, a slow-consumer cut, a silent stream) it calls the RPC
 * again with `resource_version` = the last version seen (the last BOOKMARK or live event), so the
 * events in between arrive and none twice. When the server answers OUT_OF_RANGE (that version is
 * too old), it yields a {@link Resync} marker and starts again without a version: a fresh snapshot.
 * Any other error (PERMISSION_DENIED, NOT_FOUND …) ends the iteration with it.
 *
 * ```ts
 * for await (const event of watchResumable(kargo.promotions.watchPromotions, { project }, { signal })) {
 *   if (event.type === "RESYNC") { promotions.clear(); continue; }
 *   if (event.type === WatchEventType.BOOKMARK) continue;
 *   // ADDED / MODIFIED / DELETED with event.promotion
 * }
 * ```
 */
export async function* watchResumable<Req extends { resourceVersion?: string }, Res extends WatchResponseLike>(
  watch: (request: Req, options?: CallOptions) => AsyncIterable<Res>,
  request: Req,
  options: WatchResumableOptions = {},
): AsyncGenerator<Res | Resync, void, undefined> {
  const retry = makeRetryOptions({ maxAttempts: 10, maxDelayMs: 5_000, ...options.retry });
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  const outer = options.signal;
  // The version to resume after; "" = start with a snapshot.
  let resumeAfter = request.resourceVersion ?? "";
  // Whether the current stream has delivered its snapshot's BOOKMARK (or is a resumed one).
  let synced = resumeAfter !== "";
  let yieldedSinceSync = false;
  let failures = 0;
  while (!outer?.aborted) {
    const attempt = new AbortController();
    const abortAttempt = () => attempt.abort(outer?.reason);
    outer?.addEventListener("abort", abortAttempt, { once: true });
    let idle: ReturnType<typeof setTimeout> | undefined;
    const armIdle = () => {
      if (idleTimeoutMs <= 0) return;
      clearTimeout(idle);
      idle = setTimeout(() => attempt.abort(new ConnectError(`watch silent for ${idleTimeoutMs} ms`, Code.DeadlineExceeded)), idleTimeoutMs);
    };
    let error: ConnectError;
    try {
      armIdle();
      for await (const event of watch({ ...request, resourceVersion: resumeAfter }, { signal: attempt.signal })) {
        armIdle();
        failures = 0;
        if (event.type === WatchEventType.BOOKMARK) synced = true;
        if (synced && event.resourceVersion !== "") resumeAfter = event.resourceVersion;
        yieldedSinceSync = true;
        yield event;
      }
      error = new ConnectError("watch stream ended", Code.Unavailable);
    } catch (e) {
      if (outer?.aborted) return;
      error = attempt.signal.aborted && attempt.signal.reason instanceof ConnectError ? attempt.signal.reason : ConnectError.from(e);
    } finally {
      clearTimeout(idle);
      outer?.removeEventListener("abort", abortAttempt);
    }
    if (error.code === Code.OutOfRange) {
      resumeAfter = "";
      synced = false;
      yieldedSinceSync = false;
      options.onReconnect?.(error, "");
      yield { type: "RESYNC", reason: error };
      continue;
    }
    if (!RESUMABLE.has(error.code) || ++failures >= retry.maxAttempts) throw error;
    if (!synced) {
      // Broken inside the snapshot: its versions are not resume points, so start over.
      resumeAfter = "";
      if (yieldedSinceSync) {
        yieldedSinceSync = false;
        yield { type: "RESYNC", reason: error };
      }
    }
    options.onReconnect?.(error, resumeAfter);
    try {
      await sleep(backoff(retry, failures), outer);
    } catch {
      return;
    }
  }
}
