// Loads the Kargo object fixtures of test/fixtures/kargo and names the message
// each one converts to, for the proto tests.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { DescMessage } from "@bufbuild/protobuf";
import type { JsonObject } from "@bufbuild/protobuf";
import { parse } from "yaml";
import { ClusterConfigSchema } from "../../gen/kargo/api/v1/cluster_config_pb.js";
import { EventSchema } from "../../gen/kargo/api/v1/event_pb.js";
import { FreightSchema } from "../../gen/kargo/api/v1/freight_pb.js";
import { ProjectConfigSchema, ProjectSchema } from "../../gen/kargo/api/v1/project_pb.js";
import { PromotionSchema } from "../../gen/kargo/api/v1/promotion_pb.js";
import { PromotionTaskSchema } from "../../gen/kargo/api/v1/promotion_task_pb.js";
import { StageSchema } from "../../gen/kargo/api/v1/stage_pb.js";
import { WarehouseSchema } from "../../gen/kargo/api/v1/warehouse_pb.js";

/** One fixture file and the message its object converts to. */
export interface KargoFixture {
  readonly file: string;
  readonly kind: string;
  readonly schema: DescMessage;
}

/** Every fixture of test/fixtures/kargo, by kind. */
export const kargoFixtures: readonly KargoFixture[] = [
  { file: "project.yaml", kind: "Project", schema: ProjectSchema },
  { file: "project-config.yaml", kind: "ProjectConfig", schema: ProjectConfigSchema },
  { file: "cluster-config.yaml", kind: "ClusterConfig", schema: ClusterConfigSchema },
  { file: "warehouse.yaml", kind: "Warehouse", schema: WarehouseSchema },
  { file: "stage.yaml", kind: "Stage", schema: StageSchema },
  { file: "freight.yaml", kind: "Freight", schema: FreightSchema },
  { file: "promotion.yaml", kind: "Promotion", schema: PromotionSchema },
  { file: "promotion-task.yaml", kind: "PromotionTask", schema: PromotionTaskSchema },
  { file: "event.yaml", kind: "Event", schema: EventSchema },
];

/** Reads a fixture as the JSON object the Kubernetes API would serve. */
export function readKargoFixture(file: string): JsonObject {
  const url = new URL(`../fixtures/kargo/${file}`, import.meta.url);
  return parse(readFileSync(fileURLToPath(url), "utf8")) as JsonObject;
}
