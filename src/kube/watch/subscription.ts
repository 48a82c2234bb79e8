import type { CacheListener } from "../cache/cache-event.js";
import type { ResourceCache } from "../cache/resource-cache.js";
import { compareResourceVersions, newerResourceVersion } from "../compare-resource-versions.js";
import type { KubeObject } from "../kube-object.js";
import { ExpiredResourceVersionError } from "./expired-resource-version-error.js";
import { matchEvent } from "./match-event.js";
import { WatchBufferOverflowError } from "./watch-buffer-overflow-error.js";
import type { WatchEvent, WatchRequest } from "./watch-event.js";

/** Settings of one subscription, defaults applied. */
export interface SubscriptionSettings {
  bufferLimit: number;
  heartbeatMs: number;
  signal: AbortSignal | undefined;
  /** Called once when the subscription ends, however it ends. */
  onClose: () => void;
}

/**
 * One watch stream over a shared cache, as an async iterator. The snapshot (or the resumed
 * backlog from the cache's event ring) is taken and the live listener attached in the same
 * synchronous step, so nothing falls between them. A resume older than the ring is replayed from
 * the Kubernetes API's own history until it reaches the ring (see `replay`); one newer than the
 * Kubernetes API has issued fails at once with ExpiredResourceVersionError. Live events wait in a queue bounded by
 * `bufferLimit`; a consumer that falls further behind is cut off (queue dropped, the next read
 * throws WatchBufferOverflowError) instead of making the server hold ever more events.
 */
export class Subscription implements AsyncIterableIterator<WatchEvent> {
  /** Snapshot or resumed backlog: references to objects the cache/ring hold anyway, so not bounded. */
  private initial: (WatchEvent | undefined)[] = [];
  private initialIndex = 0;
  private queue: WatchEvent[] = [];
  private failure: unknown;
  private closed = false;
  private started: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private detach: (() => void) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  /** Everything up to this version has been queued for the consumer (or did not match). */
  private position = "";
  private readonly onAbort = () => this.close();
  private released = false;
  /** The consumer has called `next()` and the snapshot or backlog is in place. */
  private running = false;

  constructor(
    private readonly cache: ResourceCache,
    private readonly request: WatchRequest,
    private readonly settings: SubscriptionSettings,
  ) {
    if (settings.signal?.aborted) this.close();
    else settings.signal?.addEventListener("abort", this.onAbort, { once: true });
  }

  /** Live events waiting for the consumer (bounded by bufferLimit). */
  get buffered(): number {
    return this.queue.length;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<WatchEvent>> {
    if (!this.closed) await (this.started ??= this.start());
    this.running = true;
    for (;;) {
      const result = this.take();
      if (result !== undefined) return result;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  /**
   * True once the consumer has read the snapshot (or resumed backlog) through `next()`: what is
   * left is live events, which a handed-off stream (src/server/http/direct-watch-stream.ts) takes
   * with `take()` instead.
   */
  get live(): boolean {
    return this.running && this.initial.length === 0;
  }

  /**
   * The next event without waiting (push mode): undefined when none is waiting, done once closed;
   * throws the subscription's failure (ExpiredResourceVersionError, WatchBufferOverflowError) after
   * the events queued before it, as `next()` does.
   */
  take(): IteratorResult<WatchEvent> | undefined {
    if (this.initialIndex < this.initial.length) {
      const event = this.initial[this.initialIndex]!;
      this.initial[this.initialIndex++] = undefined;
      if (this.initialIndex === this.initial.length) {
        this.initial = [];
        this.initialIndex = 0;
      }
      return { value: event, done: false };
    }
    const event = this.queue.shift();
    if (event) return { value: event, done: false };
    if (this.failure !== undefined) {
      const failure = this.failure;
      this.failure = undefined;
      this.close();
      throw failure;
    }
    if (this.closed) return { value: undefined, done: true };
    return undefined;
  }

  /**
   * Push mode: `ready` is called whenever `take()` may have something new (an event, the end, a
   * failure), and the subscription no longer follows the signal it was made with: its new owner
   * closes it (`return()`). For a stream whose RPC pipeline has finished (its signal aborts then).
   */
  pushTo(ready: () => void): void {
    this.settings.signal?.removeEventListener("abort", this.onAbort);
    this.settings.signal = undefined;
    this.wake = ready;
  }

  async return(): Promise<IteratorResult<WatchEvent>> {
    this.close();
    return { value: undefined, done: true };
  }

  private async start(): Promise<void> {
    // Only while the cache is not synced: the abort listener would otherwise stay on the signal
    // (with its promise) for the whole life of the stream.
    if (!this.cache.isSynced) await this.untilSyncedOrAborted();
    if (this.closed) return;
    const { request, cache } = this;
    const from = request.resourceVersion && request.resourceVersion !== "0" ? request.resourceVersion : undefined;
    try {
      if (from === undefined) {
        this.snapshot();
        return;
      }
      // Past the cache's version: either one Kubernetes issued that this cache has not seen yet
      // (the client read it in a write's answer or another type's watch), or one it never issued,
      // which would otherwise wait forever with every event dropped as "already known". Kubernetes
      // itself answers the latter with an error ("Too large resource version"): so do we, at once.
      if ((compareResourceVersions(from, cache.resourceVersion) ?? 0) > 0) {
        const latest = await cache.latestResourceVersion(this.settings.signal);
        if (this.closed) return;
        if ((compareResourceVersions(from, latest) ?? 0) > 0) {
          throw new ExpiredResourceVersionError(from, `resource version "${from}" is newer than the Kubernetes API's current one ("${latest}"); list again`);
        }
      }
      // Older than the ring (after an API server restart, say): the Kubernetes API may still
      // have it in its history, as it has for any other watch client.
      if ((compareResourceVersions(from, cache.oldestResumable) ?? 0) < 0) {
        this.replay(from);
        return;
      }
      this.resume(from);
    } catch (error) {
      this.fail(error);
    }
  }

  private matches = (object: KubeObject): boolean => {
    const { request } = this;
    return (!request.namespace || !request.type.namespaced || object.metadata.namespace === request.namespace) && (!request.filter || request.filter(object));
  };

  /** ADDED for each matching object, a BOOKMARK, then live changes. */
  private snapshot(): void {
    const { request, cache } = this;
    for (const object of cache.list(request.type.namespaced ? request.namespace : undefined, this.matches)) {
      this.initial.push({ type: "ADDED", object, resourceVersion: object.metadata.resourceVersion ?? "" });
    }
    this.position = cache.resourceVersion;
    this.initial.push({ type: "BOOKMARK", resourceVersion: this.position });
    this.follow(undefined);
  }

  /**
   * The ring's changes after `from`, then live changes. Throws ExpiredResourceVersionError. After a
   * replay the ring's changes queue behind the replayed ones (bounded like live events), so the
   * order holds.
   */
  private resume(from: string, afterReplay = false): void {
    for (const event of this.cache.eventsSince(from)) {
      const seen = matchEvent(event, this.matches);
      if (seen && afterReplay) this.enqueue(seen);
      else if (seen) this.initial.push(seen);
    }
    this.position = newerResourceVersion(from, this.cache.resourceVersion);
    this.follow(from);
  }

  /**
   * The changes after `from` from the Kubernetes API's history (a watch from that version), until
   * the replay reaches what the cache's ring holds; then, in one synchronous step, the ring and
   * live changes take over from the last version replayed, so nothing is missed or repeated. The
   * replay's events carry no previous state: an object first seen MODIFIED is judged as if its
   * match did not change (a filtered watch may then miss that it entered or left the filter
   * before the resume point; unfiltered and namespace-only watches are exact).
   */
  private replay(from: string): void {
    const known = new Map<string, KubeObject>();
    let position = from;
    let handedOver = false;
    const caughtUp = () => (compareResourceVersions(position, this.cache.oldestResumable) ?? -1) >= 0;
    const handOver = () => {
      handedOver = true;
      stop();
      this.detach = undefined;
      try {
        this.resume(position, true);
      } catch (error) {
        this.fail(error);
      }
    };
    const advance = (version: string) => {
      position = version;
      this.position = version;
    };
    const stop = this.cache.watchHistory(from, this.request.type.namespaced ? this.request.namespace || undefined : undefined, {
      event: (type, object) => {
        if (handedOver || this.closed || this.failure !== undefined) return;
        const version = object.metadata.resourceVersion ?? "";
        if ((compareResourceVersions(version, position) ?? 1) <= 0) return;
        // Everything after `position` is in the ring (or on its way to the cache's listeners).
        if (caughtUp()) return handOver();
        const key = `${object.metadata.namespace ?? ""}/${object.metadata.name ?? ""}`;
        const previous = known.get(key) ?? (type === "MODIFIED" ? object : undefined);
        if (type === "DELETED") known.delete(key);
        else known.set(key, object);
        const seen = matchEvent({ type, object, previous, resourceVersion: version }, this.matches);
        advance(version);
        if (seen) this.enqueue(seen);
        if (caughtUp()) handOver();
      },
      bookmark: (version) => {
        if (handedOver || this.closed || this.failure !== undefined) return;
        if ((compareResourceVersions(version, position) ?? 0) > 0) advance(version);
        if (caughtUp()) handOver();
      },
      fail: (error) => {
        if (!handedOver) this.fail(error);
      },
    });
    this.detach = stop;
    this.startHeartbeat();
  }

  private async untilSyncedOrAborted(): Promise<void> {
    const { signal } = this.settings;
    let onAbort = () => {};
    try {
      await Promise.race([this.cache.synced, new Promise<void>((resolve) => signal?.addEventListener("abort", (onAbort = () => resolve()), { once: true }))]);
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Attaches the live listener; changes up to `from` (when resuming) are already known to the client. */
  private follow(from: string | undefined): void {
    const listener: CacheListener = {
      event: (event) => {
        // A resume from a version the cache has not reached yet (the client saw it in a write
        // response): changes up to it are already known to the client.
        if (from !== undefined && (compareResourceVersions(event.resourceVersion, from) ?? 1) <= 0) return;
        this.position = newerResourceVersion(this.position, event.resourceVersion);
        const seen = matchEvent(event, this.matches);
        if (seen) this.enqueue(seen);
      },
      bookmark: (version) => {
        this.position = newerResourceVersion(this.position, version);
      },
      reset: (version) =>
        this.fail(new ExpiredResourceVersionError(undefined, `the watch lost continuity with the Kubernetes API at resource version "${version}"; list again`)),
    };
    this.detach = this.cache.addListener(listener);
    this.startHeartbeat();
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      // Only into an idle stream: pending events already keep it alive, and a stalled consumer
      // must not be pushed over its limit by heartbeats alone.
      if (this.queue.length === 0 && this.initial.length === 0) this.enqueue({ type: "BOOKMARK", resourceVersion: this.position });
    }, this.settings.heartbeatMs);
    this.heartbeat.unref();
  }

  private enqueue(event: WatchEvent): void {
    if (this.closed || this.failure !== undefined) return;
    if (this.queue.length >= this.settings.bufferLimit) {
      this.queue = [];
      this.fail(new WatchBufferOverflowError(this.settings.bufferLimit));
      return;
    }
    this.queue.push(event);
    this.wake?.();
  }

  private fail(error: unknown): void {
    if (this.closed || this.failure !== undefined) return;
    this.failure = error;
    this.stopListening();
    this.release();
    this.wake?.();
  }

  private stopListening(): void {
    this.detach?.();
    this.detach = undefined;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopListening();
    this.queue = [];
    this.initial = [];
    this.initialIndex = 0;
    this.settings.signal?.removeEventListener("abort", this.onAbort);
    this.release();
    this.wake?.();
  }

  /** Tells the hub once that this subscriber no longer listens. */
  private release(): void {
    if (this.released) return;
    this.released = true;
    this.settings.onClose();
  }
}
