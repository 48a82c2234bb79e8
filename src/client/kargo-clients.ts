import { createClient, type Client, type Transport } from "@connectrpc/connect";
import { AuditService } from "../../gen/kargo/api/v1/audit_service_pb.js";
import { AuthService } from "../../gen/kargo/api/v1/auth_service_pb.js";
import { ClusterConfigService } from "../../gen/kargo/api/v1/cluster_config_service_pb.js";
import { ConfigMapService } from "../../gen/kargo/api/v1/config_map_service_pb.js";
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

/** Typed clients of every `kargo.api.v1` service, sharing one transport. */
export interface KargoClient {
  readonly system: Client<typeof SystemService>;
  readonly auth: Client<typeof AuthService>;
  readonly projects: Client<typeof ProjectService>;
  readonly warehouses: Client<typeof WarehouseService>;
  readonly stages: Client<typeof StageService>;
  readonly freight: Client<typeof FreightService>;
  readonly promotions: Client<typeof PromotionService>;
  readonly credentials: Client<typeof CredentialsService>;
  readonly configMaps: Client<typeof ConfigMapService>;
  readonly clusterConfig: Client<typeof ClusterConfigService>;
  readonly promotionTasks: Client<typeof PromotionTaskService>;
  readonly rbac: Client<typeof RbacService>;
  readonly resources: Client<typeof ResourceService>;
  readonly audit: Client<typeof AuditService>;
  /** The transport (with the auth and retry interceptors), for clients of other services. */
  readonly transport: Transport;
}

/** A {@link KargoClient} over `transport`. */
export function kargoClientsFor(transport: Transport): KargoClient {
  return Object.freeze({
    system: createClient(SystemService, transport),
    auth: createClient(AuthService, transport),
    projects: createClient(ProjectService, transport),
    warehouses: createClient(WarehouseService, transport),
    stages: createClient(StageService, transport),
    freight: createClient(FreightService, transport),
    promotions: createClient(PromotionService, transport),
    credentials: createClient(CredentialsService, transport),
    configMaps: createClient(ConfigMapService, transport),
    clusterConfig: createClient(ClusterConfigService, transport),
    promotionTasks: createClient(PromotionTaskService, transport),
    rbac: createClient(RbacService, transport),
    resources: createClient(ResourceService, transport),
    audit: createClient(AuditService, transport),
    transport,
  });
}
