import { clusterConfigSchema } from "./kargo/cluster-config-schema.js";
import { freightSchema } from "./kargo/freight-schema.js";
import { projectConfigSchema } from "./kargo/project-config-schema.js";
import { projectSchema } from "./kargo/project-schema.js";
import { promotionSchema } from "./kargo/promotion-schema.js";
import { promotionTaskSchema } from "./kargo/promotion-task-schema.js";
import { stageSchema } from "./kargo/stage-schema.js";
import { warehouseSchema } from "./kargo/warehouse-schema.js";
import type { ObjectSchema } from "./schema.js";

/** Our description of each Kargo kind (group kargo.akuity.io, v1alpha1), by plural resource name. */
export const KARGO_SCHEMAS: Readonly<Record<string, ObjectSchema>> = {
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
