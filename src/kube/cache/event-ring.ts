import { compareResourceVersions } from "../compare-resource-versions.js";
import { ExpiredResourceVersionError } from "../watch/expired-resource-version-error.js";
import type { CacheEvent } from "./cache-event.js";

/**
 * The last `capacity` events of one resource type, in arrival order, for watches resuming from a
 * resourceVersion. `floor` is the version after which every event is still held: resuming from
 * anything older is ExpiredResourceVersionError (the client relists).
 */
export class EventRing {
  private readonly events: (CacheEvent | undefined)[];
  private start = 0;
  private size = 0;
  private floorVersion: string;

  constructor(
    readonly capacity: number,
    floor: string,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a positive integer (got ${capacity})`);
    this.events = new Array(capacity);
    this.floorVersion = floor;
  }

  /** Every event after this version is held. */
  get floor(): string {
    return this.floorVersion;
  }

  get length(): number {
    return this.size;
  }

  /** Appends an event, evicting the oldest when full (the floor moves up to it). */
  push(event: CacheEvent): void {
    if (this.size === this.capacity) {
      this.floorVersion = this.events[this.start]!.resourceVersion;
      this.events[this.start] = event;
      this.start = (this.start + 1) % this.capacity;
      return;
    }
    this.events[(this.start + this.size) % this.capacity] = event;
    this.size++;
  }

  /** Forgets everything: only versions from `floor` on are resumable (after a relist). */
  reset(floor: string): void {
    this.events.fill(undefined);
    this.start = 0;
    this.size = 0;
    this.floorVersion = floor;
  }

  /**
   * The events after `resourceVersion`, oldest first. A version newer than every held event gives
   * none (the caller waits for live ones). Throws ExpiredResourceVersionError when events after
   * it may have been evicted, or when it is not integer and matches no held event.
   */
  since(resourceVersion: string): CacheEvent[] {
    const all = this.toArray();
    const floorOrder = compareResourceVersions(resourceVersion, this.floorVersion);
    if (floorOrder === undefined) {
      // Opaque versions: only an exact match tells the position.
      const index = all.findIndex((e) => e.resourceVersion === resourceVersion);
      if (index >= 0) return all.slice(index + 1);
      throw new ExpiredResourceVersionError(resourceVersion, `resource version "${resourceVersion}" is not known to this server; list again`);
    }
    if (floorOrder < 0) {
      throw new ExpiredResourceVersionError(
        resourceVersion,
        `resource version "${resourceVersion}" is too old (the oldest resumable is "${this.floorVersion}"); list again`,
      );
    }
    let first = all.length;
    while (first > 0 && (compareResourceVersions(all[first - 1]!.resourceVersion, resourceVersion) ?? 1) > 0) first--;
    return all.slice(first);
  }

  private toArray(): CacheEvent[] {
    const out: CacheEvent[] = [];
    for (let i = 0; i < this.size; i++) out.push(this.events[(this.start + i) % this.capacity]!);
    return out;
  }
}
