import type { PromotionPreviewer } from "../domain/promotion-preview.js";
import type { KubeConfig } from "@kubernetes/client-node";
import { AuthService } from "../../gen/kargo/api/v1/auth_service_pb.js";
import type { AuditStore } from "../audit/audit-store.js";
import type { RunningAuth } from "../auth/start-auth.js";
import type { Logger } from "pino";
import type { KubeCaches, KubeClient, KubeDiscovery, WatchHub } from "../kube/index.js";
import type { Config } from "../config/config.js";
import { peerAddressOf } from "../server/context/peer-address-key.js";
import { implement, type ServiceImplementation } from "../server/service-implementation.js";
import type { VersionInfo } from "../version/version-info.js";
import type { ManifestParser } from "./resource/manifest-parser.js";
import { authServiceOf } from "./auth/auth-service-of.js";
import { createSystemService } from "./system/create-system-service.js";
import { createFreightService } from "./freight/create-freight-service.js";
import { createPromotionService } from "./promotion/create-promotion-service.js";
import { createProjectService } from "./project/create-project-service.js";
import { createWarehouseService } from "./warehouse/create-warehouse-service.js";
import { createStageService } from "./stage/create-stage-service.js";
import { createResourceService } from "./resource/create-resource-service.js";
import { createRbacService } from "./rbac/create-rbac-service.js";
import { createCredentialsService } from "./credentials/create-credentials-service.js";
import { createConfigMapService } from "./config-map/create-config-map-service.js";
import { createClusterConfigService } from "./cluster-config/create-cluster-config-service.js";
import { createPromotionTaskService } from "./promotion-task/create-promotion-task-service.js";
import { createAuditService } from "./audit/create-audit-service.js";

/** What service implementations are built from. */
export interface ServiceDeps {
  readonly config: Config;
  readonly versionInfo: VersionInfo;
  /** The Kubernetes API (embedded or real); the only data path. */
  readonly kubeConfig: KubeConfig;
  readonly logger: Logger;
  /** Writes and uncached reads through the Kubernetes API; failures arrive as ConnectErrors. */
  readonly kube: KubeClient;
  /** The API's groups and resources (one shared cache of discovery answers): manifests' kinds, RBAC rules' groups. */
  readonly discovery: KubeDiscovery;
  /** One shared informer cache per resource type: Get/List/Query read from here once synced. */
  readonly caches: KubeCaches;
  /** Fan-out of the caches' events to Watch* streams. */
  readonly hub: WatchHub;
  /** Reads ResourceService manifests off the event loop (worker threads; closed on shutdown by its owner). */
  readonly manifestParser: ManifestParser;
  /** Running authentication (src/auth/start-auth.ts); serves AuthService when given. */
  readonly auth?: RunningAuth;
  /** Runs promotion previews (embedded mode: the embedded control plane's); PreviewPromotion is UNIMPLEMENTED without. */
  readonly promotionPreviewer?: PromotionPreviewer;
  /** Clock of promotion-window checks; the system clock outside tests. */
  readonly promotionWindowClock?: () => Date;
  /** The audit trail (src/audit); serves AuditService when given. */
  readonly audit?: AuditStore;
}

/**
 * The one place service implementations are assembled; each domain adds its
 * `createXService(deps)` here when its issue lands. RPCs of services not
 * listed (or methods a service leaves out) answer UNIMPLEMENTED.
 */
export function createServices(deps: ServiceDeps): ServiceImplementation[] {
  return [
    createSystemService(deps.config, deps.versionInfo, deps.caches),
    createResourceService(deps),
    ...(deps.auth ? [implement(AuthService, authServiceOf(deps.auth, peerAddressOf))] : []),
    createProjectService(deps),
    createWarehouseService(deps),
    createStageService(deps),
    createFreightService(deps),
    createPromotionService(deps),
    createRbacService(deps),
    createCredentialsService(deps),
    createConfigMapService(deps),
    createClusterConfigService(deps),
    createPromotionTaskService(deps),
    ...(deps.audit ? [createAuditService({ ...deps, audit: deps.audit })] : []),
  ];
}
