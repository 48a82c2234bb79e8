import type Database from "better-sqlite3";
import type { ObjectKey } from "./object-key.js";

/** A stored row: the key plus the object's JSON. */
export interface ObjectRow extends ObjectKey {
  uid: string;
  data: string;
}

/** Where a list page starts: strictly after this (namespace, name). */
export interface AfterKey {
  namespace: string;
  name: string;
}

const rowColumns = 'grp AS "group", resource, namespace, name, uid, data';

/**
 * The objects and owner_refs tables behind prepared statements (prepared once, reused: preparing
 * costs more than running a point query). Pure data access: no semantics, no transactions.
 */
export class ObjectTable {
  private readonly getStatement;
  private readonly getByUidStatement;
  private readonly upsertStatement;
  private readonly removeStatement;
  private readonly removeRefsStatement;
  private readonly insertRefStatement;
  private readonly dependentsStatement;
  private readonly namespaceStatement;
  private readonly danglingStatement;
  private readonly pages;
  private readonly counts;

  constructor(db: Database.Database) {
    this.getStatement = db
      .prepare<[string, string, string, string], { data: string }>("SELECT data FROM objects WHERE grp = ? AND resource = ? AND namespace = ? AND name = ?")
      .pluck() as unknown as Database.Statement<[string, string, string, string], string>;
    this.getByUidStatement = db.prepare<[string], ObjectRow>(`SELECT ${rowColumns} FROM objects WHERE uid = ?`);
    this.upsertStatement = db.prepare<[string, string, string, string, string, string]>(
      `INSERT INTO objects (grp, resource, namespace, name, uid, data) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (grp, resource, namespace, name) DO UPDATE SET uid = excluded.uid, data = excluded.data`,
    );
    this.removeStatement = db.prepare<[string, string, string, string]>("DELETE FROM objects WHERE grp = ? AND resource = ? AND namespace = ? AND name = ?");
    this.removeRefsStatement = db.prepare<[string, string, string, string]>(
      "DELETE FROM owner_refs WHERE grp = ? AND resource = ? AND namespace = ? AND name = ?",
    );
    this.insertRefStatement = db.prepare<[string, string, string, string, string]>(
      "INSERT OR IGNORE INTO owner_refs (owner_uid, grp, resource, namespace, name) VALUES (?, ?, ?, ?, ?)",
    );
    this.dependentsStatement = db.prepare<[string], ObjectKey>(
      'SELECT grp AS "group", resource, namespace, name FROM owner_refs WHERE owner_uid = ? ORDER BY grp, resource, namespace, name',
    );
    this.namespaceStatement = db.prepare<[string, number], ObjectKey>(
      'SELECT grp AS "group", resource, namespace, name FROM objects WHERE namespace = ? LIMIT ?',
    );
    this.danglingStatement = db
      .prepare<[], string>("SELECT DISTINCT owner_uid FROM owner_refs WHERE owner_uid NOT IN (SELECT uid FROM objects)")
      .pluck() as unknown as Database.Statement<[], string>;
    // Four shapes of list query (all namespaces or one, from the start or after a key), each its
    // own statement so SQLite plans each as a range scan on the primary key. The LIMIT lets a page
    // be read with one all() (LIMIT -1: none): stepping an iterator row by row and breaking off
    // cost about twice as much per row.
    const order = "ORDER BY namespace, name LIMIT ?";
    this.pages = {
      all: db.prepare<[string, string, number], string>(`SELECT data FROM objects WHERE grp = ? AND resource = ? ${order}`).pluck(),
      allAfter: db
        .prepare<[string, string, string, string, number], string>(
          `SELECT data FROM objects WHERE grp = ? AND resource = ? AND (namespace, name) > (?, ?) ${order}`,
        )
        .pluck(),
      namespace: db
        .prepare<[string, string, string, number], string>(`SELECT data FROM objects WHERE grp = ? AND resource = ? AND namespace = ? ${order}`)
        .pluck(),
      namespaceAfter: db
        .prepare<[string, string, string, string, number], string>(
          `SELECT data FROM objects WHERE grp = ? AND resource = ? AND namespace = ? AND name > ? ${order}`,
        )
        .pluck(),
    };
    this.counts = {
      allAfter: db
        .prepare<[string, string, string, string], number>("SELECT count(*) FROM objects WHERE grp = ? AND resource = ? AND (namespace, name) > (?, ?)")
        .pluck(),
      namespaceAfter: db
        .prepare<[string, string, string, string], number>("SELECT count(*) FROM objects WHERE grp = ? AND resource = ? AND namespace = ? AND name > ?")
        .pluck(),
    };
  }

  /** The stored JSON of one object, or undefined. */
  get(key: ObjectKey): string | undefined {
    return this.getStatement.get(key.group, key.resource, key.namespace, key.name);
  }

  /** The live object with this uid, if any. */
  getByUid(uid: string): ObjectRow | undefined {
    return this.getByUidStatement.get(uid);
  }

  /** Inserts or replaces the object; rewrites its owner index when `ownerUids` is given. */
  put(key: ObjectKey, uid: string, data: string, ownerUids?: readonly string[]): void {
    this.upsertStatement.run(key.group, key.resource, key.namespace, key.name, uid, data);
    if (ownerUids !== undefined) {
      this.removeRefsStatement.run(key.group, key.resource, key.namespace, key.name);
      for (const ownerUid of ownerUids) {
        this.insertRefStatement.run(ownerUid, key.group, key.resource, key.namespace, key.name);
      }
    }
  }

  /** Removes the object and its owner index entries. */
  remove(key: ObjectKey): void {
    this.removeStatement.run(key.group, key.resource, key.namespace, key.name);
    this.removeRefsStatement.run(key.group, key.resource, key.namespace, key.name);
  }

  /** Objects of one type in key order, as JSON, optionally in one namespace and after a key. */
  scan(group: string, resource: string, namespace: string | undefined, after: AfterKey | undefined): IterableIterator<string> {
    if (namespace === undefined) {
      return after === undefined ? this.pages.all.iterate(group, resource, -1) : this.pages.allAfter.iterate(group, resource, after.namespace, after.name, -1);
    }
    return after === undefined
      ? this.pages.namespace.iterate(group, resource, namespace, -1)
      : this.pages.namespaceAfter.iterate(group, resource, namespace, after.name, -1);
  }

  /** The first `limit` objects (-1: all) that scan() would give, read at once. */
  page(group: string, resource: string, namespace: string | undefined, after: AfterKey | undefined, limit: number): string[] {
    if (namespace === undefined) {
      return after === undefined ? this.pages.all.all(group, resource, limit) : this.pages.allAfter.all(group, resource, after.namespace, after.name, limit);
    }
    return after === undefined
      ? this.pages.namespace.all(group, resource, namespace, limit)
      : this.pages.namespaceAfter.all(group, resource, namespace, after.name, limit);
  }

  /** How many objects of the type come after the key (for remainingItemCount). */
  countAfter(group: string, resource: string, namespace: string | undefined, after: AfterKey): number {
    return namespace === undefined
      ? this.counts.allAfter.get(group, resource, after.namespace, after.name)!
      : this.counts.namespaceAfter.get(group, resource, namespace, after.name)!;
  }

  /** Keys of the objects whose ownerReferences name this uid. */
  dependents(ownerUid: string): ObjectKey[] {
    return this.dependentsStatement.all(ownerUid);
  }

  /** Up to `limit` keys of objects (of any type) in a namespace. */
  inNamespace(namespace: string, limit: number): ObjectKey[] {
    return this.namespaceStatement.all(namespace, limit);
  }

  /** Owner uids referenced by some object but belonging to no live object. */
  danglingOwnerUids(): string[] {
    return this.danglingStatement.all();
  }
}
