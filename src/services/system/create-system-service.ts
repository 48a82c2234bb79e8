import { SystemService } from "../../../gen/kargo/api/v1/system_service_pb.js";
import type { Config } from "../../config/config.js";
import type { KubeCaches } from "../../kube/index.js";
import { implement, type ServiceImplementation } from "../../server/service-implementation.js";
import type { VersionInfo } from "../../version/version-info.js";
import { getConfig } from "./get-config.js";
import { getControllerHeartbeats } from "./get-controller-heartbeats.js";
import { getPublicConfig } from "./get-public-config.js";
import { getVersionInfo } from "./get-version-info.js";

/**
 * SystemService, all four RPCs. Authentication is the auth interceptors' concern, not the handlers'.
 * Without `caches` (servers started without a Kubernetes API, in tests) GetControllerHeartbeats is
 * UNIMPLEMENTED.
 */
export function createSystemService(config: Config, versionInfo: VersionInfo, caches?: KubeCaches): ServiceImplementation {
  return implement(SystemService, {
    getVersionInfo: getVersionInfo(versionInfo),
    getPublicConfig: getPublicConfig(config),
    getConfig: getConfig(config),
    getControllerHeartbeats: getControllerHeartbeats(config, caches),
  });
}
