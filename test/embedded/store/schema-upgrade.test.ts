import Database from "better-sqlite3";
import { join } from "node:path";
import { SCHEMA_MIGRATIONS } from "../../../src/embedded/store/migrate-schema.js";
import { openStore } from "../../../src/embedded/store/open-store.js";
import { configMap, configMaps, eventLog, expectStoreError, namespace, namespaces, stage, stages, useTempDir } from "./store-fixtures.js";

/** The schema of a table as SQLite recorded it. */
function tableSql(path: string, table: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table) as string;
  } finally {
    db.close();
  }
}

/**
 * Writes `to` as a build of schema version `version` would have: that version's tables, holding
 * the rows of `from` (the rows' contents did not change between versions, only the layout).
 */
function writeOlderFile(from: string, to: string, version: number): void {
  const db = new Database(to);
  try {
    db.exec(SCHEMA_MIGRATIONS.slice(0, version).join("\n"));
    db.pragma(`user_version = ${version}`);
    db.prepare("ATTACH DATABASE ? AS current").run(from);
    db.exec(`
      INSERT OR REPLACE INTO meta SELECT * FROM current.meta;
      INSERT INTO objects (grp, resource, namespace, name, uid, data) SELECT grp, resource, namespace, name, uid, data FROM current.objects;
      INSERT INTO owner_refs SELECT * FROM current.owner_refs;
      INSERT INTO history SELECT * FROM current.history;
      INSERT INTO types SELECT * FROM current.types;
    `);
    db.exec("DETACH DATABASE current");
  } finally {
    db.close();
  }
}

describe("a store file of schema version 1 (objects WITHOUT ROWID)", () => {
  const dir = useTempDir();

  it("is migrated on open and serves every object, its history and its counter", async () => {
    const written = join(dir(), "written.db");
    const older = join(dir(), "older.db");
    let store = openStore({ path: written });
    store.create(namespaces, namespace("demo"));
    store.create(namespaces, namespace("other"));
    const owner = store.create(stages, stage("owner"));
    for (let i = 0; i < 50; i++) store.create(stages, stage(`s-${String(i).padStart(2, "0")}`, { metadata: { namespace: i % 2 ? "demo" : "other" } }));
    const from = store.currentResourceVersion();
    store.update(stages, stage("s-01", { metadata: { namespace: "demo" }, spec: { shard: "z" } }));
    store.create(configMaps, configMap("dependent", {}, { ownerReferences: [{ apiVersion: "v1", kind: "Stage", name: "owner", uid: owner.metadata.uid! }] }));
    const version = store.currentResourceVersion();
    const stageNames = store.list(stages).items.map((s) => `${s.metadata.namespace}/${s.metadata.name}`);
    store.close();
    writeOlderFile(written, older, 1);
    expect(tableSql(older, "objects")).toMatch(/WITHOUT ROWID/);

    store = openStore({ path: older });
    try {
      expect(store.list(stages).items.map((s) => `${s.metadata.namespace}/${s.metadata.name}`)).toEqual(stageNames);
      // Paged in key order across namespaces, as before.
      const first = store.list(stages, { limit: 20 });
      const second = store.list(stages, { limit: 20, continue: first.continue });
      expect([...first.items, ...second.items].map((s) => `${s.metadata.namespace}/${s.metadata.name}`)).toEqual(stageNames.slice(0, 40));
      expect(store.list(stages, { namespace: "demo" }).items).toHaveLength(26);
      expect(store.get(stages, "demo", "s-01")).toMatchObject({ spec: { shard: "z" } });
      expect(store.currentResourceVersion()).toBe(version);
      const log = eventLog();
      store.watch(stages, { resourceVersion: from }, log.push).close();
      expect(log.lines).toEqual(["MODIFIED s-01"]);
      // Keys stay unique and writes go on from the stored counter.
      expectStoreError(() => store.create(stages, stage("s-03", { metadata: { namespace: "demo" } })), "AlreadyExists");
      expect(store.update(stages, stage("s-03", { metadata: { namespace: "demo" }, spec: { shard: "y" } })).metadata.resourceVersion).toBe(
        String(Number(version) + 1),
      );
      // The uid index still finds dependents: deleting the owner collects them.
      store.delete(stages, "demo", "owner");
      await store.settled();
      expect(store.get(configMaps, "demo", "dependent")).toBeUndefined();
    } finally {
      store.close();
    }
    expect(tableSql(older, "objects")).not.toMatch(/WITHOUT ROWID/);
    // Reopening an up-to-date file changes nothing.
    store = openStore({ path: older });
    try {
      expect(store.get(stages, "demo", "s-03")).toMatchObject({ spec: { shard: "y" } });
    } finally {
      store.close();
    }
  });
});
