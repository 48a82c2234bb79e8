import type { KubeConfig } from "@kubernetes/client-node";
import type { Logger } from "pino";
import type { Config } from "../config/config.js";
import type { ServiceImplementation } from "../server/service-implementation.js";
import type { VersionInfo } from "../version/version-info.js";
import { createSystemService } from "./system/create-system-service.js";

/** What service implementations are built from. */
export interface ServiceDeps {
  readonly config: Config;
  readonly versionInfo: VersionInfo;
  /** The Kubernetes API (embedded or real); the only data path. */
  readonly kubeConfig: KubeConfig;
  readonly logger: Logger;
}

/**
 * The one place service implementations are assembled; each domain adds its
 * `createXService(deps)` here when its issue lands. RPCs of services not
 * listed (or methods a service leaves out) answer UNIMPLEMENTED.
 */
export function createServices(deps: ServiceDeps): ServiceImplementation[] {
  return [createSystemService(deps.config, deps.versionInfo)];
}
