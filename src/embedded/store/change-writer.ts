import type Database from "better-sqlite3";
import type { ChangeHistory } from "./change-history.js";
import type { ObjectKey } from "./object-key.js";
import type { ObjectChange, ChangeType } from "./object-change.js";
import type { ObjectTable } from "./object-table.js";
import type { ResourceVersionCounter } from "./resource-version-counter.js";
import type { KubeObject } from "./types.js";
import type { WatchHub } from "./watch-hub.js";

/** A change to commit; the writer assigns its resourceVersion. */
export interface PendingChange {
  type: ChangeType;
  key: ObjectKey;
  /** The new state (for DELETED, the last state); its metadata.resourceVersion is overwritten. */
  object: KubeObject;
  /** The stored state before the change (MODIFIED and DELETED): its JSON and parsed form. */
  previous?: { data: string; object: KubeObject };
}

/**
 * The only way anything is written: object rows, history rows and the counter in one SQLite
 * transaction, so a crash leaves all of them or none; then, after the commit, the watchers.
 */
export class ChangeWriter {
  private readonly commitTransaction;

  constructor(
    db: Database.Database,
    private readonly objects: ObjectTable,
    private readonly history: ChangeHistory,
    private readonly counter: ResourceVersionCounter,
    private readonly hub: WatchHub,
    private readonly historyLimit: number,
  ) {
    this.commitTransaction = db.transaction((pending: readonly PendingChange[]) => this.apply(pending));
  }

  /** Commits the changes in order, one version each, and publishes them; returns them committed. */
  write(pending: readonly PendingChange[]): ObjectChange[] {
    if (pending.length === 0) {
      return [];
    }
    const { changes, compacted } = this.commitTransaction(pending);
    this.counter.commit(changes[changes.length - 1]!.resourceVersion, compacted);
    this.hub.publish(changes);
    return changes;
  }

  private apply(pending: readonly PendingChange[]): { changes: ObjectChange[]; compacted: number } {
    let version = this.counter.current;
    const changes: ObjectChange[] = [];
    for (const change of pending) {
      version++;
      change.object.metadata.resourceVersion = String(version);
      const data = JSON.stringify(change.object);
      if (change.type === "DELETED") {
        this.objects.remove(change.key);
      } else {
        const owners = ownerUids(change.object);
        // Rewrite the owner index only when the owners changed: most writes leave them alone.
        const previousOwners = change.previous === undefined ? [] : ownerUids(change.previous.object);
        const ownersChanged = !sameList(previousOwners, owners);
        this.objects.put(change.key, change.object.metadata.uid!, data, ownersChanged ? owners : undefined);
      }
      const committed: ObjectChange = {
        resourceVersion: version,
        type: change.type,
        key: change.key,
        data,
        ...(change.type === "MODIFIED" && change.previous !== undefined ? { prev: change.previous.data } : {}),
      };
      this.history.append(committed);
      changes.push(committed);
    }
    this.counter.persist(version);
    let compacted = this.counter.compacted;
    // Trim in batches (a tenth of the limit) rather than one row per write.
    if (version - compacted > this.historyLimit + Math.max(1, Math.floor(this.historyLimit / 10))) {
      compacted = version - this.historyLimit;
      this.history.trim(compacted);
      this.counter.persistCompacted(compacted);
    }
    return { changes, compacted };
  }
}

function ownerUids(object: KubeObject): string[] {
  return (object.metadata.ownerReferences ?? []).map((reference) => reference.uid).filter((uid) => !!uid);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
