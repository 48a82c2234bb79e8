import { typeId } from "./object-key.js";
import type { ObjectChange } from "./object-change.js";
import type { StoreLogger } from "./store-options.js";
import { toWatchEvent } from "./to-watch-event.js";
import type { ObjectFilter, ResourceTypeInfo, WatchEvent } from "./types.js";

/** One watch: where it is in the change stream and whom to tell. */
export class Subscription {
  closed = false;

  constructor(
    readonly type: ResourceTypeInfo,
    readonly namespace: string | undefined,
    readonly filter: ObjectFilter | undefined,
    /** Changes up to and including this version were already delivered (or predate the watch). */
    public deliveredVersion: number,
    private readonly onEvent: (event: WatchEvent) => void,
    private readonly logger: StoreLogger,
  ) {}

  /** Delivers the change unless already seen; a failing filter or listener is logged, never thrown. */
  deliver(change: ObjectChange): void {
    if (this.closed || change.resourceVersion <= this.deliveredVersion) {
      return;
    }
    this.deliveredVersion = change.resourceVersion;
    let event: WatchEvent | undefined;
    try {
      event = toWatchEvent(change, this.namespace, this.filter);
    } catch (error) {
      this.report(error, "watch filter failed");
      return;
    }
    if (event !== undefined) {
      this.send(event);
    }
  }

  /** Sends an event built by the store (the initial ADDED snapshot). */
  send(event: WatchEvent): void {
    if (this.closed) {
      return;
    }
    try {
      this.onEvent(event);
    } catch (error) {
      this.report(error, "watch listener failed");
    }
  }

  private report(error: unknown, message: string): void {
    this.logger.error({ err: error, group: this.type.group, resource: this.type.resource }, message);
  }
}

/**
 * Hands committed changes to the watches of their type, synchronously and in resourceVersion
 * order. A listener may write to the store: the nested change is queued and delivered after the
 * current one has reached every watcher, so no watcher ever sees versions out of order.
 */
export class WatchHub {
  private readonly subscriptions = new Map<string, Set<Subscription>>();
  private readonly queue: ObjectChange[] = [];
  private draining = false;

  add(subscription: Subscription): void {
    const id = typeId(subscription.type);
    let set = this.subscriptions.get(id);
    if (set === undefined) {
      set = new Set();
      this.subscriptions.set(id, set);
    }
    set.add(subscription);
  }

  remove(subscription: Subscription): void {
    subscription.closed = true;
    const id = typeId(subscription.type);
    const set = this.subscriptions.get(id);
    set?.delete(subscription);
    if (set?.size === 0) {
      this.subscriptions.delete(id);
    }
  }

  /** Delivers committed changes (already in version order) to every watch of their type. */
  publish(changes: readonly ObjectChange[]): void {
    this.queue.push(...changes);
    if (this.draining) {
      return;
    }
    this.draining = true;
    try {
      for (let index = 0; index < this.queue.length; index++) {
        const change = this.queue[index]!;
        const set = this.subscriptions.get(typeId(change.key));
        if (set === undefined) {
          continue;
        }
        // A copy: a listener may close its own or another watch while we iterate.
        for (const subscription of [...set]) {
          subscription.deliver(change);
        }
      }
    } finally {
      this.queue.length = 0;
      this.draining = false;
    }
  }

  /** Closes every watch (store shutdown). */
  closeAll(): void {
    for (const set of this.subscriptions.values()) {
      for (const subscription of set) {
        subscription.closed = true;
      }
    }
    this.subscriptions.clear();
  }
}
