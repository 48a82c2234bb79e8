import type { DescService } from "@bufbuild/protobuf";
import { AuditService } from "../../gen/kargo/api/v1/audit_service_pb.js";
import { AuthService } from "../../gen/kargo/api/v1/auth_service_pb.js";
import { ConfigMapService } from "../../gen/kargo/api/v1/config_map_service_pb.js";
import { ClusterConfigService } from "../../gen/kargo/api/v1/cluster_config_service_pb.js";
import { CredentialsService } from "../../gen/kargo/api/v1/credentials_service_pb.js";
import { FreightService } from "../../gen/kargo/api/v1/freight_service_pb.js";
import { ProjectService } from "../../gen/kargo/api/v1/project_service_pb.js";
import { PromotionService } from "../../gen/kargo/api/v1/promotion_service_pb.js";
import { PromotionTaskService } from "../../gen/kargo/api/v1/promotion_task_service_pb.js";
import { RbacService } from "../../gen/kargo/api/v1/rbac_service_pb.js";
import { ResourceService } from "../../gen/kargo/api/v1/resource_service_pb.js";
import { StageService } from "../../gen/kargo/api/v1/stage_service_pb.js";
import { SystemService } from "../../gen/kargo/api/v1/system_service_pb.js";
import { WarehouseService } from "../../gen/kargo/api/v1/warehouse_service_pb.js";

/**
 * Every service of the kargo.api.v1 API. All are served from the start; an
 * RPC without a handler answers UNIMPLEMENTED. A test fails when a service
 * generated into gen/kargo/api/v1 is missing here.
 */
export const apiServices: readonly DescService[] = [
  SystemService,
  AuthService,
  ProjectService,
  WarehouseService,
  StageService,
  FreightService,
  PromotionService,
  CredentialsService,
  ConfigMapService,
  RbacService,
  ResourceService,
  ClusterConfigService,
  PromotionTaskService,
  AuditService,
];
