import { ResourceService } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import { implement, type ServiceImplementation } from "../../server/service-implementation.js";
import type { ServiceDeps } from "../create-services.js";

/**
 * ResourceService: applies manifests of any kind with the same per-object authorization as the
 * typed services (see README.md in this folder).
 */
export function createResourceService(_deps: ServiceDeps): ServiceImplementation {
  return implement(ResourceService, {});
}
