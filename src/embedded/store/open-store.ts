import Database from "better-sqlite3";
import { ChangeHistory } from "./change-history.js";
import { ChangeWriter } from "./change-writer.js";
import { createObject } from "./create-object.js";
import { deleteObject } from "./delete-object.js";
import { GarbageCollector } from "./garbage-collector.js";
import { listObjects } from "./list-objects.js";
import { listObjectsJson } from "./list-objects-json.js";
import { migrateSchema } from "./migrate-schema.js";
import { objectKey } from "./object-key.js";
import { ObjectTable } from "./object-table.js";
import { ResourceVersionCounter } from "./resource-version-counter.js";
import type { StoreContext } from "./store-context.js";
import { makeStoreOptions, type StoreOptions } from "./store-options.js";
import { TypeRegistry } from "./type-registry.js";
import type { KubeObject, ObjectStore } from "./types.js";
import { updateObject } from "./update-object.js";
import { WatchHub } from "./watch-hub.js";
import { watchObjects } from "./watch-objects.js";

/** The SQLite-backed ObjectStore, with what only this implementation offers. */
export interface DurableObjectStore extends ObjectStore {
  /**
   * Resolves once the background work queued so far (garbage collection, namespace deletion) is
   * done. Tests await it; shutdown may await it before close() (close() drops queued work, which
   * the next open finds again).
   */
  settled(): Promise<void>;
}

/**
 * Opens (creating or migrating) the store's SQLite file. Every write is one transaction with
 * synchronous=FULL: when a call returns, its change is on disk. Reopening the file restores
 * objects, the resourceVersion counter and the watch history; background work a crash
 * interrupted is found and resumed.
 */
export function openStore(options: Partial<StoreOptions> & { path: string }): DurableObjectStore {
  const config = makeStoreOptions(options);
  // A short busy timeout: the lock is exclusive, so waiting only helps while a previous owner
  // of the file is still exiting.
  const db = new Database(config.path, { timeout: 250 });
  try {
    migrateSchema(db);
  } catch (error) {
    db.close();
    if ((error as { code?: unknown }).code === "SQLITE_BUSY") {
      throw new Error(`store file ${config.path} is in use by another process`, { cause: error });
    }
    throw error;
  }
  const objects = new ObjectTable(db);
  const history = new ChangeHistory(db);
  const counter = new ResourceVersionCounter(db);
  const hub = new WatchHub();
  // A failed group may have recorded types that are not in the file: forget them.
  const writer = new ChangeWriter({
    db,
    objects,
    history,
    counter,
    hub,
    historyLimit: config.historyLimit,
    groupCommit: config.groupCommit,
    onGroupUndone: () => types.reload(),
  });
  const types = new TypeRegistry(db, config.types);
  const collector = new GarbageCollector(() => context);
  const context: StoreContext = { objects, history, counter, writer, hub, types, collector, logger: config.logger, remainingCounts: new Map() };
  collector.recover();

  return {
    create: (type, object, writeOptions) => createObject(context, type, object, writeOptions),
    get(type, namespace, name) {
      const data = objects.get(objectKey(type, namespace, name));
      return data === undefined ? undefined : (JSON.parse(data) as KubeObject);
    },
    list: (type, listOptions) => listObjects(context, type, listOptions),
    listJson: (type, listOptions) => listObjectsJson(context, type, listOptions),
    update: (type, object, writeOptions) => updateObject(context, type, object, writeOptions),
    delete: (type, namespace, name, deleteOptions) => deleteObject(context, type, namespace, name, deleteOptions),
    watch: (type, watchOptions, onEvent) => watchObjects(context, type, watchOptions, onEvent),
    currentResourceVersion: () => String(counter.current),
    durable: () => writer.durable(),
    commit: () => writer.flush(),
    settled: () => collector.settled(),
    close() {
      if (!db.open) {
        return;
      }
      collector.close();
      // An open group's writes were made; commit them (their waiters resolve) before closing.
      try {
        writer.flush();
      } finally {
        hub.closeAll();
        db.close();
      }
    },
  };
}
