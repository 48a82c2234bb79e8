import type Database from "better-sqlite3";

/**
 * The store's one resourceVersion counter across all types, and the compaction mark of the change
 * history, both persisted in the meta table. The in-memory values move only after the
 * transaction that wrote them committed, so a rolled-back write never leaks a version.
 */
export class ResourceVersionCounter {
  private currentValue: number;
  private compactedValue: number;
  private readonly setStatement;

  constructor(db: Database.Database) {
    const read = db.prepare<[string], number>("SELECT value FROM meta WHERE key = ?").pluck();
    this.currentValue = read.get("resourceVersion") ?? 0;
    this.compactedValue = read.get("compactedVersion") ?? 0;
    this.setStatement = db.prepare<[number, string]>("UPDATE meta SET value = ? WHERE key = ?");
  }

  /** The newest version assigned by a committed write. */
  get current(): number {
    return this.currentValue;
  }

  /** Changes with versions up to and including this were dropped from the history. */
  get compacted(): number {
    return this.compactedValue;
  }

  /** Writes the new newest version; call inside the write's transaction, then `commit`. */
  persist(version: number): void {
    this.setStatement.run(version, "resourceVersion");
  }

  /** Writes the new compaction mark; call inside the write's transaction, then `commit`. */
  persistCompacted(version: number): void {
    this.setStatement.run(version, "compactedVersion");
  }

  /** Adopts the persisted values once their transaction committed. */
  commit(version: number, compacted: number): void {
    this.currentValue = version;
    this.compactedValue = compacted;
  }
}
