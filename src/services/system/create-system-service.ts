import { SystemService } from "../../../gen/kargo/api/v1/system_service_pb.js";
import type { Config } from "../../config/config.js";
import { implement, type ServiceImplementation } from "../../server/service-implementation.js";
import type { VersionInfo } from "../../version/version-info.js";
import { getConfig } from "./get-config.js";
import { getPublicConfig } from "./get-public-config.js";
import { getVersionInfo } from "./get-version-info.js";

/** SystemService, all three RPCs. Authentication is the auth interceptors' concern, not the handlers'. */
export function createSystemService(config: Config, versionInfo: VersionInfo): ServiceImplementation {
  return implement(SystemService, {
    getVersionInfo: getVersionInfo(versionInfo),
    getPublicConfig: getPublicConfig(config),
    getConfig: getConfig(config),
  });
}
