import Database from "better-sqlite3";
import { migrateSchema } from "../../../src/embedded/store/migrate-schema.js";

describe("migrateSchema", () => {
  it("sets synchronous=FULL so every commit is fsynced", () => {
    const db = new Database(":memory:");
    try {
      migrateSchema(db);
      expect(db.pragma("synchronous", { simple: true })).toBe(2);
    } finally {
      db.close();
    }
  });

  it("creates the tables once and is a no-op on an up-to-date database", () => {
    const db = new Database(":memory:");
    try {
      migrateSchema(db);
      const version = db.pragma("user_version", { simple: true });
      migrateSchema(db);
      expect(db.pragma("user_version", { simple: true })).toBe(version);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
      expect(tables).toEqual(["history", "meta", "objects", "owner_refs", "types"]);
    } finally {
      db.close();
    }
  });
});
