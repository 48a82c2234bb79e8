import type Database from "better-sqlite3";
import type { ChangeHistory } from "./change-history.js";
import { typeId, type ObjectKey } from "./object-key.js";
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

/** What a {@link ChangeWriter} writes to and publishes on, and how. */
export interface ChangeWriterOptions {
  readonly db: Database.Database;
  readonly objects: ObjectTable;
  readonly history: ChangeHistory;
  readonly counter: ResourceVersionCounter;
  /** Where committed changes are published to watchers. */
  readonly hub: WatchHub;
  /** See StoreOptions.historyLimit. */
  readonly historyLimit: number;
  /** See StoreOptions.groupCommit (default false). */
  readonly groupCommit?: boolean;
  /** Called after a group was undone (its COMMIT or SQLite itself rolled it back). */
  readonly onGroupUndone?: () => void;
}

/**
 * The only way anything is written: object rows, history rows and the counter in one SQLite
 * transaction, so a crash leaves all of them or none; then, after the commit, the watchers.
 */
export class ChangeWriter {
  private readonly commitTransaction;
  private readonly batchTransaction;
  /**
   * Set while batch() runs or a group is open: what its writes assigned so far, published when it
   * commits.
   */
  private pendingBatch: { version: number; compacted: number; changes: ObjectChange[] } | undefined;
  /** Callers of durable() waiting for the open group's COMMIT. */
  private groupWaiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  /** Set while the open group's transaction (BEGIN … COMMIT across event-loop turns) is open. */
  private groupOpen = false;
  /** The types ("group/resource") the open group wrote (or tried to): their rows may not be committed. */
  private readonly groupTypes = new Set<string>();
  /**
   * Set when a failed group could not be shown to be undone (ROLLBACK failed, or the persisted
   * counter disagrees with the in-memory one): every later write throws it.
   */
  private broken: Error | undefined;

  private readonly db: Database.Database;
  private readonly objects: ObjectTable;
  private readonly history: ChangeHistory;
  private readonly counter: ResourceVersionCounter;
  private readonly hub: WatchHub;
  private readonly historyLimit: number;
  private readonly groupCommit: boolean;
  private readonly onGroupUndone: () => void;

  constructor(options: ChangeWriterOptions) {
    this.db = options.db;
    this.objects = options.objects;
    this.history = options.history;
    this.counter = options.counter;
    this.hub = options.hub;
    this.historyLimit = options.historyLimit;
    this.groupCommit = options.groupCommit ?? false;
    this.onGroupUndone = options.onGroupUndone ?? (() => undefined);
    // Inside batch() this runs as a SAVEPOINT, so a failing write leaves no half of itself.
    this.commitTransaction = this.db.transaction((pending: readonly PendingChange[], version: number, compacted: number) =>
      this.apply(pending, version, compacted),
    );
    this.batchTransaction = this.db.transaction((fn: () => void) => fn());
  }

  /** Commits the changes in order, one version each, and publishes them; returns them committed. */
  write(pending: readonly PendingChange[]): ObjectChange[] {
    if (pending.length === 0) {
      return [];
    }
    if (this.groupCommit) this.openGroup();
    const batch = this.pendingBatch;
    if (batch !== undefined) {
      if (this.groupOpen) for (const change of pending) this.groupTypes.add(typeId(change.key));
      const result = this.guardGroup(() => this.commitTransaction(pending, batch.version, batch.compacted));
      batch.version = result.changes[result.changes.length - 1]!.resourceVersion;
      batch.compacted = result.compacted;
      batch.changes.push(...result.changes);
      return result.changes;
    }
    const { changes, compacted } = this.commitTransaction(pending, this.counter.current, this.counter.compacted);
    this.counter.commit(changes[changes.length - 1]!.resourceVersion, compacted);
    this.hub.publish(changes);
    return changes;
  }

  /**
   * Runs `fn` with every write it makes in one transaction: one fsync for many writes (the
   * garbage collector deletes whole namespaces this way). Nothing is acknowledged or published
   * until `fn` returns and the transaction commits; if `fn` throws, none of its writes happened.
   */
  batch(fn: () => void): void {
    if (this.groupCommit) {
      this.openGroup();
      this.inSavepoint(fn);
      return;
    }
    if (this.pendingBatch !== undefined) {
      fn();
      return;
    }
    const batch = { version: this.counter.current, compacted: this.counter.compacted, changes: [] as ObjectChange[] };
    this.pendingBatch = batch;
    try {
      this.batchTransaction(fn);
    } finally {
      this.pendingBatch = undefined;
    }
    if (batch.changes.length > 0) {
      this.counter.commit(batch.version, batch.compacted);
      this.hub.publish(batch.changes);
    }
  }

  /**
   * Resolves when every write made so far is committed: at once without an open group. The open
   * group commits on the next event-loop turn, so callers never wait longer than one turn plus
   * the fsync.
   */
  durable(): Promise<void> {
    if (!this.groupOpen) return Promise.resolve();
    return new Promise((resolve, reject) => this.groupWaiters.push({ resolve, reject }));
  }

  /**
   * Whether the open group holds writes to the type: its rows are readable on this connection
   * but not committed, and the COMMIT may still fail. A count that includes them must not be
   * remembered or carried in a continue token (count-remaining.ts, read-list-page.ts).
   */
  hasUncommitted(type: { group: string; resource: string }): boolean {
    return this.groupOpen && this.groupTypes.has(typeId(type));
  }

  /**
   * Commits the open group now (a watch starting, a client's read, close()); nothing to do
   * without one. Throws
   * what COMMIT threw, after undoing the group and rejecting its waiters.
   */
  flush(): void {
    if (!this.groupOpen) return;
    const batch = this.pendingBatch!;
    try {
      // The counter row is written once per group, not once per write (apply skips it).
      if (batch.changes.length > 0) this.counter.persist(batch.version);
      this.db.exec("COMMIT");
    } catch (error) {
      throw this.undoGroup(error);
    }
    const waiters = this.closeGroup();
    if (batch.changes.length > 0) {
      this.counter.commit(batch.version, batch.compacted);
      this.hub.publish(batch.changes);
    }
    for (const waiter of waiters) waiter.resolve();
  }

  /** Ends the open group's bookkeeping; returns its waiters. */
  private closeGroup(): { resolve: () => void; reject: (error: unknown) => void }[] {
    const waiters = this.groupWaiters;
    this.groupWaiters = [];
    this.pendingBatch = undefined;
    this.groupOpen = false;
    this.groupTypes.clear();
    return waiters;
  }

  /**
   * The open group failed as a whole (its COMMIT, or a write after which SQLite had rolled the
   * transaction back itself, as it may on SQLITE_FULL or SQLITE_IOERR): nothing of it is on disk,
   * published or counted. Rolls back what SQLite did not, fails every write of the group (none
   * was acknowledged) and returns the error to throw. The store goes on only if the rollback is
   * shown complete: the persisted counter must still be the in-memory one (SQLite reloads its
   * cache from the file after an I/O error); otherwise every later write fails (closed).
   */
  private undoGroup(error: unknown): unknown {
    const waiters = this.closeGroup();
    try {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      const persisted = this.counter.readPersisted();
      if (persisted !== this.counter.current) throw new Error(`persisted resourceVersion ${persisted} is not the committed ${this.counter.current}`);
      this.onGroupUndone();
    } catch (undoError) {
      this.broken = new Error("the store refuses writes: a failed commit could not be undone; restart the process", { cause: undoError });
    }
    for (const waiter of waiters) waiter.reject(error);
    return error;
  }

  /**
   * Runs one write of the open group. If it fails and SQLite rolled the whole transaction back
   * (no transaction left), the group is lost: fail it now, so that later writes do not run
   * outside a transaction.
   */
  private guardGroup<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (this.groupOpen && !this.db.inTransaction) throw this.undoGroup(error);
      throw error;
    }
  }

  /**
   * Opens the group transaction unless one is open, and schedules its COMMIT after the I/O
   * callbacks of this turn: the requests that arrived together (and those that queued up while
   * the previous group's fsync blocked the loop) share one fsync.
   */
  private openGroup(): void {
    if (this.groupOpen) return;
    if (this.broken !== undefined) throw this.broken;
    this.db.exec("BEGIN IMMEDIATE");
    this.groupOpen = true;
    this.pendingBatch = { version: this.counter.current, compacted: this.counter.compacted, changes: [] };
    setImmediate(() => {
      try {
        this.flush();
      } catch {
        // Reported to the group's waiters (durable() rejects).
      }
    });
  }

  /** Runs fn as a SAVEPOINT of the open group: if it throws, none of its writes stay in the group. */
  private inSavepoint(fn: () => void): void {
    const batch = this.pendingBatch!;
    const before = { version: batch.version, compacted: batch.compacted, changes: batch.changes.length };
    try {
      this.guardGroup(() => this.batchTransaction(fn));
    } catch (error) {
      batch.version = before.version;
      batch.compacted = before.compacted;
      batch.changes.length = before.changes;
      throw error;
    }
  }

  private apply(pending: readonly PendingChange[], baseVersion: number, baseCompacted: number): { changes: ObjectChange[]; compacted: number } {
    let version = baseVersion;
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
        ...(change.type !== "ADDED" && change.previous !== undefined ? { prev: change.previous.data } : {}),
      };
      this.history.append(committed);
      changes.push(committed);
    }
    // In an open group, flush() writes the counter once before the COMMIT.
    if (!this.groupOpen) this.counter.persist(version);
    let compacted = baseCompacted;
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
