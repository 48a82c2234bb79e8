import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { RESOURCE_TYPES, resourceTypeOf } from "../../src/embedded/resources/resource-types.js";
import { openStore } from "../../src/embedded/store/open-store.js";
import { freightObject, projectNamespace, promotionObject, stageObject, SUCCEEDED_STATUS } from "../fixtures/kargo-objects.js";

/** One project to seed: a labelled Namespace with `stages` Stages, `freight` Freight and `promotions` finished Promotions. */
export interface SeedProject {
  readonly name: string;
  readonly stages: number;
  readonly freight: number;
  readonly promotions?: number;
}

const type = (resource: string, group = "kargo.akuity.io") => {
  const found = resourceTypeOf(group, resource);
  if (!found) throw new Error(`no resource type ${resource}.${group}`);
  return found;
};

/**
 * Writes the projects straight into `<dataDir>/store.sqlite` (the embedded control plane's file)
 * before the server starts, as issue 9 allows: no admission, no API round trips.
 *
 * Seeding is not what is measured, so it runs with `synchronous=OFF` (the store asks for FULL:
 * an fsync per object would make 100,000 objects take minutes). The store is closed cleanly
 * afterwards, so the file is complete; scenario 5 measures durable writes separately.
 */
export function seedStore(dataDir: string, projects: readonly SeedProject[]): { objects: number; ms: number } {
  const started = performance.now();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const pragma = Database.prototype.pragma;
  Database.prototype.pragma = function (this: Database.Database, source: string, options?: Database.PragmaOptions) {
    return pragma.call(this, source.replace(/^synchronous\s*=\s*FULL$/i, "synchronous = OFF"), options);
  } as typeof pragma;
  let objects = 0;
  try {
    const store = openStore({ path: join(dataDir, "store.sqlite"), types: RESOURCE_TYPES.filter((t) => !t.review) });
    try {
      const namespaces = type("namespaces", "");
      const stages = type("stages");
      const freights = type("freights");
      const promotions = type("promotions");
      for (const project of projects) {
        store.create(namespaces, projectNamespace(project.name));
        for (let i = 0; i < project.stages; i++) store.create(stages, stageObject(project.name, i));
        for (let i = 0; i < project.freight; i++) store.create(freights, freightObject(project.name, i));
        for (let i = 0; i < (project.promotions ?? 0); i++) {
          const created = store.create(promotions, promotionObject(project.name, `promotion-${i}`));
          store.update(promotions, { ...created, status: SUCCEEDED_STATUS }, { subresource: "status" });
        }
        objects += 1 + project.stages + project.freight + (project.promotions ?? 0);
      }
    } finally {
      store.close();
    }
  } finally {
    Database.prototype.pragma = pragma;
  }
  return { objects, ms: performance.now() - started };
}
