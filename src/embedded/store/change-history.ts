import type Database from "better-sqlite3";
import type { ObjectChange, ChangeType } from "./object-change.js";

interface HistoryRow {
  rv: number;
  type: ChangeType;
  group: string;
  resource: string;
  namespace: string;
  name: string;
  data: string;
  prev: string | null;
}

/** The history table: every committed change by resourceVersion, for watches that resume. */
export class ChangeHistory {
  private readonly appendStatement;
  private readonly sinceStatement;
  private readonly trimStatement;
  private readonly changedStatement;

  constructor(db: Database.Database) {
    this.appendStatement = db.prepare<[number, string, string, string, string, string, string, string | null]>(
      "INSERT INTO history (rv, type, grp, resource, namespace, name, data, prev) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    );
    // A range scan on the rowid from the requested version; the type filter is cheap next to it.
    this.sinceStatement = db.prepare<[number, string, string], HistoryRow>(
      'SELECT rv, type, grp AS "group", resource, namespace, name, data, prev FROM history WHERE rv > ? AND grp = ? AND resource = ? ORDER BY rv',
    );
    this.trimStatement = db.prepare<[number]>("DELETE FROM history WHERE rv <= ?");
    this.changedStatement = db.prepare<[number, string, string], number>("SELECT 1 FROM history WHERE rv > ? AND grp = ? AND resource = ? LIMIT 1").pluck();
  }

  /** Records one change; call inside the write's transaction. */
  append(change: ObjectChange): void {
    const { key } = change;
    this.appendStatement.run(change.resourceVersion, change.type, key.group, key.resource, key.namespace, key.name, change.data, change.prev ?? null);
  }

  /** Changes to one type with a version greater than `version`, oldest first. */
  since(group: string, resource: string, version: number): ObjectChange[] {
    return this.sinceStatement.all(version, group, resource).map((row) => ({
      resourceVersion: row.rv,
      type: row.type,
      key: { group: row.group, resource: row.resource, namespace: row.namespace, name: row.name },
      data: row.data,
      ...(row.prev === null ? {} : { prev: row.prev }),
    }));
  }

  /**
   * Whether the history holds a change to the type with a version greater than `version`. Only
   * meaningful when `version` is not older than the compaction mark (older changes are gone).
   */
  changedSince(group: string, resource: string, version: number): boolean {
    return this.changedStatement.get(version, group, resource) !== undefined;
  }

  /** Drops changes with versions up to and including `version`. */
  trim(version: number): void {
    this.trimStatement.run(version);
  }
}
