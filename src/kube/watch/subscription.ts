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
 * synchronous step, so nothing falls between them. Live events wait in a queue bounded by
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
    for (;;) {
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
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  async return(): Promise<IteratorResult<WatchEvent>> {
    this.close();
    return { value: undefined, done: true };
  }

  private async start(): Promise<void> {
    await Promise.race([this.cache.synced, new Promise<void>((resolve) => this.settings.signal?.addEventListener("abort", () => resolve(), { once: true }))]);
    if (this.closed) return;
    const { request, cache } = this;
    const matches = (object: KubeObject) =>
      (!request.namespace || !request.type.namespaced || object.metadata.namespace === request.namespace) && (!request.filter || request.filter(object));
    const from = request.resourceVersion && request.resourceVersion !== "0" ? request.resourceVersion : undefined;
    try {
      if (from !== undefined) {
        for (const event of cache.eventsSince(from)) {
          const seen = matchEvent(event, matches);
          if (seen) this.initial.push(seen);
        }
        this.position = newerResourceVersion(from, cache.resourceVersion);
      } else {
        for (const object of cache.list(request.type.namespaced ? request.namespace : undefined, matches)) {
          this.initial.push({ type: "ADDED", object, resourceVersion: object.metadata.resourceVersion ?? "" });
        }
        this.position = cache.resourceVersion;
        this.initial.push({ type: "BOOKMARK", resourceVersion: this.position });
      }
    } catch (error) {
      this.fail(error);
      return;
    }
    const listener: CacheListener = {
      event: (event) => {
        // A resume from a version the cache has not reached yet (the client saw it in a write
        // response): changes up to it are already known to the client.
        if (from !== undefined && (compareResourceVersions(event.resourceVersion, from) ?? 1) <= 0) return;
        this.position = newerResourceVersion(this.position, event.resourceVersion);
        const seen = matchEvent(event, matches);
        if (seen) this.enqueue(seen);
      },
      bookmark: (version) => {
        this.position = newerResourceVersion(this.position, version);
      },
      reset: (version) => this.fail(new ExpiredResourceVersionError(undefined, `the watch lost continuity with the Kubernetes API at resource version "${version}"; list again`)),
    };
    this.detach = cache.addListener(listener);
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
