import type Database from "better-sqlite3";

// Each entry moves the schema from version i to i + 1 (PRAGMA user_version). Append, never edit:
// a file written by an older build is migrated forward on open.
const migrations: readonly string[] = [
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO meta (key, value) VALUES ('resourceVersion', 0), ('compactedVersion', 0);

  -- One row per live object; data is the object's JSON with its current resourceVersion.
  CREATE TABLE objects (
    grp       TEXT NOT NULL,
    resource  TEXT NOT NULL,
    namespace TEXT NOT NULL,
    name      TEXT NOT NULL,
    uid       TEXT NOT NULL,
    data      TEXT NOT NULL,
    PRIMARY KEY (grp, resource, namespace, name)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX objects_by_uid ON objects (uid);
  CREATE INDEX objects_by_namespace ON objects (namespace);

  -- metadata.ownerReferences[].uid of every live object, so the garbage collector finds the
  -- dependents of a deleted owner without reading every object.
  CREATE TABLE owner_refs (
    owner_uid TEXT NOT NULL,
    grp       TEXT NOT NULL,
    resource  TEXT NOT NULL,
    namespace TEXT NOT NULL,
    name      TEXT NOT NULL,
    PRIMARY KEY (owner_uid, grp, resource, namespace, name)
  ) WITHOUT ROWID;

  -- Every change, keyed by the resourceVersion it created; the newest historyLimit are kept.
  -- prev is the object before a MODIFIED change, needed to tell a filtered watcher that an
  -- object left (DELETED) or entered (ADDED) its selection.
  CREATE TABLE history (
    rv        INTEGER PRIMARY KEY,
    type      TEXT NOT NULL,
    grp       TEXT NOT NULL,
    resource  TEXT NOT NULL,
    namespace TEXT NOT NULL,
    name      TEXT NOT NULL,
    data      TEXT NOT NULL,
    prev      TEXT
  );

  -- Type information of every type written, so garbage collection and namespace deletion can
  -- delete objects of any type after a restart without a registry.
  CREATE TABLE types (
    grp        TEXT NOT NULL,
    resource   TEXT NOT NULL,
    namespaced INTEGER NOT NULL,
    has_status INTEGER NOT NULL,
    PRIMARY KEY (grp, resource)
  ) WITHOUT ROWID;
  `,
];

/** Configures durability and brings the schema to the newest version, in one transaction. */
export function migrateSchema(db: Database.Database): void {
  // One process owns the file: the resourceVersion counter lives in that process's memory, so a
  // second server on the same data directory would hand out duplicate versions. EXCLUSIVE holds
  // the file lock from the first access until close; another opener gets SQLITE_BUSY.
  db.pragma("locking_mode = EXCLUSIVE");
  // WAL makes a commit one sequential append; synchronous=FULL fsyncs the WAL at every commit, so
  // a call that returned survives kill -9 and power loss (NORMAL would only survive the former).
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  // After a checkpoint the WAL is truncated to this size instead of keeping its high-water mark
  // (a garbage-collection burst can write many megabytes at once).
  db.pragma("journal_size_limit = 16777216");
  db.pragma("foreign_keys = OFF");
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`store schema version ${current} is newer than this build understands (${migrations.length}); refusing to open`);
  }
  db.transaction(() => {
    for (let version = current; version < migrations.length; version++) {
      db.exec(migrations[version]!);
    }
    db.pragma(`user_version = ${migrations.length}`);
  }).immediate();
}
