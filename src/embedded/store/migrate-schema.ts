import type Database from "better-sqlite3";

/**
 * Each entry moves the schema from version i to i + 1 (PRAGMA user_version). Append, never edit:
 * a file written by an older build is migrated forward on open. Exported so tests can write a
 * file of an older version (the first i entries) and open it.
 */
export const SCHEMA_MIGRATIONS: readonly string[] = [
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
  // objects becomes a rowid table with its key as a unique index. A WITHOUT ROWID table keeps
  // whole rows in its interior pages too, and an object's row (~0.8 kB) is a fifth of a page, so
  // the tree was deep and every insert dirtied several pages: a group of 8 creates wrote ~280 KiB
  // (WAL frames and their checkpoints) against ~72 KiB now (bench/README.md, "Start-up
  // memory and group commit"). Queries and the upsert's ON CONFLICT target are unchanged: the unique index
  // serves them. Existing rows are copied in key order, so a list reads them in file order.
  `
  CREATE TABLE objects_rowid (
    grp       TEXT NOT NULL,
    resource  TEXT NOT NULL,
    namespace TEXT NOT NULL,
    name      TEXT NOT NULL,
    uid       TEXT NOT NULL,
    data      TEXT NOT NULL
  );
  INSERT INTO objects_rowid (grp, resource, namespace, name, uid, data)
    SELECT grp, resource, namespace, name, uid, data FROM objects ORDER BY grp, resource, namespace, name;
  DROP TABLE objects;
  ALTER TABLE objects_rowid RENAME TO objects;
  CREATE UNIQUE INDEX objects_by_key ON objects (grp, resource, namespace, name);
  CREATE UNIQUE INDEX objects_by_uid ON objects (uid);
  CREATE INDEX objects_by_namespace ON objects (namespace);
  `,
];

/** KiB of pages SQLite keeps in the process's memory per open store (see migrateSchema). */
export const STORE_PAGE_CACHE_KIB = 2048;

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
  // SQLite's own page cache, in addition to the operating system's cache of the same file: SQLite's
  // default is 2 MiB, better-sqlite3 builds it with 16 MiB, and a start-up that lists every object
  // fills all of it for good (bench/README.md, "Start-up memory"). A page not in it is one pread
  // from the system's cache; a group commit touches about ten pages.
  db.pragma(`cache_size = -${STORE_PAGE_CACHE_KIB}`);
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > SCHEMA_MIGRATIONS.length) {
    throw new Error(`store schema version ${current} is newer than this build understands (${SCHEMA_MIGRATIONS.length}); refusing to open`);
  }
  db.transaction(() => {
    for (let version = current; version < SCHEMA_MIGRATIONS.length; version++) {
      db.exec(SCHEMA_MIGRATIONS[version]!);
    }
    db.pragma(`user_version = ${SCHEMA_MIGRATIONS.length}`);
  }).immediate();
}
