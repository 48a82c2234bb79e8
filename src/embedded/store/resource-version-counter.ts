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
  private readonly readStatement;

  constructor(db: Database.Database) {
    this.readStatement = db.prepare<[string], number>("SELECT value FROM meta WHERE key = ?").pluck();
    this.currentValue = this.readPersisted();
    this.compactedValue = this.readStatement.get("compactedVersion") ?? 0;
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

  /** The newest version as the file has it (after a rollback: must equal `current`). */
  readPersisted(): number {
    return this.readStatement.get("resourceVersion") ?? 0;
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
