import { clusterConfigSchema } from "./kargo/cluster-config-schema.js";
import { freightSchema } from "./kargo/freight-schema.js";
import { projectConfigSchema } from "./kargo/project-config-schema.js";
import { projectSchema } from "./kargo/project-schema.js";
import { promotionSchema } from "./kargo/promotion-schema.js";
import { promotionTaskSchema } from "./kargo/promotion-task-schema.js";
import { stageSchema } from "./kargo/stage-schema.js";
import { warehouseSchema } from "./kargo/warehouse-schema.js";
import type { KargoResource } from "../kind-catalogue.js";
import type { ObjectSchema } from "./schema.js";

/**
 * Our description of each Kargo kind (group kargo.akuity.io, v1alpha1), by resource name: one per
 * Kargo kind of the kind catalogue (the type makes a missing one a compile error).
 */
export const KARGO_SCHEMAS: Readonly<Record<KargoResource, ObjectSchema>> = {
  projects: projectSchema,
  projectconfigs: projectConfigSchema,
  clusterconfigs: clusterConfigSchema,
  warehouses: warehouseSchema,
  stages: stageSchema,
  freights: freightSchema,
  promotions: promotionSchema,
  promotiontasks: promotionTaskSchema,
  clusterpromotiontasks: promotionTaskSchema,
};

/** The schema of a resource name, or undefined for a resource that is not a Kargo kind. */
export function kargoSchemaOf(resource: string): ObjectSchema | undefined {
  return Object.hasOwn(KARGO_SCHEMAS, resource) ? KARGO_SCHEMAS[resource as KargoResource] : undefined;
}
