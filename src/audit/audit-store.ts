import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

/** One write through the API, as the audit trail keeps it. Never a request body. */
export interface AuditEntry {
  /** When the call finished (RFC 3339 with milliseconds). */
  readonly time: string;
  /** The caller, as actorFor writes it (`admin`, `email:…`, `serviceaccount:ns:name` …). */
  readonly actor: string;
  /** `<service type name>/<method>`, e.g. `kargo.api.v1.StageService/UpdateStage`. */
  readonly rpc: string;
  /** The trail the record belongs to: the object's project (or configured) namespace. */
  readonly namespace: string;
  /** The object written: kind, and name when the request or response named it. */
  readonly kind: string;
  readonly name: string;
  /** `ok`, or the Connect code name the call failed with (`permission_denied` …). */
  readonly code: string;
}

/** A stored entry with its sequence number: increasing, never reused, the order of the trail. */
export interface AuditRecordRow extends AuditEntry {
  readonly seq: number;
}

/** Retention of the trail. */
export interface AuditRetention {
  readonly maxAgeMs: number;
  readonly maxRecords: number;
}

/** The durable audit trail. */
export interface AuditStore {
  /** Appends one record (on disk when it returns) and tells the listeners. */
  append(entry: AuditEntry): AuditRecordRow;
  /** A namespace's records newest first, those with seq < `before` when given. */
  list(namespace: string, options: { before?: number; limit: number }): AuditRecordRow[];
  /** How many records a namespace has. */
  count(namespace: string): number;
  /** A namespace's records with seq > `after`, oldest first, at most `limit`. */
  since(namespace: string, after: number, limit: number): AuditRecordRow[];
  /** The highest sequence number issued so far (0 when none), by any process sharing the file. */
  lastSeq(): number;
  /** Records with seq ≤ this may have been deleted by retention (0 when none was). */
  prunedThrough(): number;
  /** Receives every record this process appends; returns the unsubscribe function. */
  subscribe(listener: (record: AuditRecordRow) => void): () => void;
  /** Applies the retention now (also done after appends and on a timer). */
  prune(now?: Date): void;
  close(): void;
}

/**
 * Opens (creating) the audit trail's SQLite file. Why SQLite in a file of its own: it must outlive
 * Kubernetes Events (one hour) and work in both modes — Kubernetes mode has no embedded store, and
 * Kubernetes objects would put the trail within reach of anyone who may delete them. WAL with
 * synchronous=FULL makes each append durable when it returns, and lets several server processes
 * share one file (replicas on one volume): sequence numbers stay unique and ordered across them.
 */
export function openAuditStore(path: string, retention: AuditRetention): AuditStore {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 5000 });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec(`
    CREATE TABLE IF NOT EXISTS audit_records (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      time TEXT NOT NULL,
      actor TEXT NOT NULL,
      rpc TEXT NOT NULL,
      namespace TEXT NOT NULL,
      kind TEXT NOT NULL,
      name TEXT NOT NULL,
      code TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS audit_records_by_namespace ON audit_records (namespace, seq);
    CREATE INDEX IF NOT EXISTS audit_records_by_time ON audit_records (time);
    CREATE TABLE IF NOT EXISTS audit_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
  `);
  const insert = db.prepare(
    "INSERT INTO audit_records (time, actor, rpc, namespace, kind, name, code) VALUES (@time, @actor, @rpc, @namespace, @kind, @name, @code)",
  );
  const listAll = db.prepare("SELECT * FROM audit_records WHERE namespace = ? ORDER BY seq DESC LIMIT ?");
  const listBefore = db.prepare("SELECT * FROM audit_records WHERE namespace = ? AND seq < ? ORDER BY seq DESC LIMIT ?");
  const countOf = db.prepare("SELECT COUNT(*) AS n FROM audit_records WHERE namespace = ?");
  const after = db.prepare("SELECT * FROM audit_records WHERE namespace = ? AND seq > ? ORDER BY seq ASC LIMIT ?");
  // sqlite_sequence keeps the highest AUTOINCREMENT value even after its row was deleted.
  const last = db.prepare("SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'audit_records'), 0) AS n");
  const prunedRead = db.prepare("SELECT COALESCE((SELECT value FROM audit_meta WHERE key = 'pruned_through'), 0) AS n");
  const prunedWrite = db.prepare(
    "INSERT INTO audit_meta (key, value) VALUES ('pruned_through', ?) ON CONFLICT (key) DO UPDATE SET value = MAX(value, excluded.value)",
  );
  const newestExpired = db.prepare("SELECT MAX(seq) AS n FROM audit_records WHERE time < ?");
  const deleteThrough = db.prepare("DELETE FROM audit_records WHERE seq <= ?");
  const listeners = new Set<(record: AuditRecordRow) => void>();

  const deleteUpTo = db.transaction((seq: number) => {
    deleteThrough.run(seq);
    prunedWrite.run(seq);
  });
  // Records are only ever deleted oldest first (a prefix of the sequence), so the table always
  // holds the contiguous range (prunedThrough, lastSeq]: the count bound is arithmetic.
  const pruneCount = (seq: number) => {
    if (seq - retention.maxRecords > (prunedRead.get() as { n: number }).n) deleteUpTo(seq - retention.maxRecords);
  };
  const prune = (now = new Date()) => {
    const cutoff = new Date(now.getTime() - retention.maxAgeMs).toISOString();
    const expired = (newestExpired.get(cutoff) as { n: number | null }).n;
    if (expired !== null) deleteUpTo(expired);
    pruneCount((last.get() as { n: number }).n);
  };
  prune();
  // Age retention applies without writes too; the timer never keeps the process alive.
  const timer = setInterval(() => prune(), Math.max(10, Math.min(retention.maxAgeMs, 60_000)));
  timer.unref();

  return {
    append(entry) {
      const seq = Number(insert.run(entry).lastInsertRowid);
      const record = { seq, ...entry };
      pruneCount(seq);
      for (const listener of listeners) listener(record);
      return record;
    },
    list(namespace, { before, limit }) {
      return (before === undefined ? listAll.all(namespace, limit) : listBefore.all(namespace, before, limit)) as AuditRecordRow[];
    },
    count: (namespace) => (countOf.get(namespace) as { n: number }).n,
    since: (namespace, from, limit) => after.all(namespace, from, limit) as AuditRecordRow[],
    lastSeq: () => (last.get() as { n: number }).n,
    prunedThrough: () => (prunedRead.get() as { n: number }).n,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    prune,
    close() {
      clearInterval(timer);
      listeners.clear();
      db.close();
    },
  };
}
