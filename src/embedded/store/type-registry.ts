import type Database from "better-sqlite3";
import { typeId } from "./object-key.js";
import type { ResourceTypeInfo } from "./types.js";

interface TypeRow {
  group: string;
  resource: string;
  namespaced: number;
  hasStatus: number;
}

/**
 * Every resource type the store has seen, persisted in the types table. The garbage collector and
 * namespace deletion delete objects by key only, and need the type's rules (namespaced,
 * hasStatus) to do it; recording them on write means they work after a restart with no registry.
 */
export class TypeRegistry {
  private readonly known = new Map<string, ResourceTypeInfo>();
  private readonly upsertStatement;

  private readonly selectStatement;

  constructor(db: Database.Database, seed: readonly ResourceTypeInfo[]) {
    this.upsertStatement = db.prepare<[string, string, number, number]>(
      `INSERT INTO types (grp, resource, namespaced, has_status) VALUES (?, ?, ?, ?)
       ON CONFLICT (grp, resource) DO UPDATE SET namespaced = excluded.namespaced, has_status = excluded.has_status`,
    );
    this.selectStatement = db.prepare<[], TypeRow>('SELECT grp AS "group", resource, namespaced, has_status AS hasStatus FROM types');
    this.reload();
    for (const type of seed) {
      this.remember(type);
    }
  }

  /**
   * Reads the recorded types from the file again: after a group commit failed, a type recorded
   * in it is not there and must be recorded again by its next write.
   */
  reload(): void {
    this.known.clear();
    for (const row of this.selectStatement.all()) {
      this.known.set(typeId(row), {
        group: row.group,
        resource: row.resource,
        namespaced: row.namespaced === 1,
        hasStatus: row.hasStatus === 1,
      });
    }
  }

  /** Records the type if new or changed; cheap (a map lookup) when already known. */
  remember(type: ResourceTypeInfo): void {
    const id = typeId(type);
    const existing = this.known.get(id);
    if (existing !== undefined && existing.namespaced === type.namespaced && existing.hasStatus === type.hasStatus) {
      return;
    }
    const info: ResourceTypeInfo = {
      group: type.group,
      resource: type.resource,
      namespaced: type.namespaced,
      hasStatus: type.hasStatus,
    };
    this.upsertStatement.run(info.group, info.resource, info.namespaced ? 1 : 0, info.hasStatus ? 1 : 0);
    this.known.set(id, info);
  }

  /** The type's rules, if the store has ever seen the type. */
  lookup(group: string, resource: string): ResourceTypeInfo | undefined {
    return this.known.get(typeId({ group, resource }));
  }
}
