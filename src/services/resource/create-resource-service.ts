import { ResourceService } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import { implement, type ServiceImplementation } from "../../server/service-implementation.js";
import type { ServiceDeps } from "../create-services.js";
import type { ResourceServiceDeps } from "./apply-call.js";
import { createOrUpdateResource } from "./create-or-update-resource.js";
import { createResource } from "./create-resource.js";
import { deleteResource } from "./delete-resource.js";
import { createResourceTypeResolver } from "./resolve-resource-type.js";
import { updateResource } from "./update-resource.js";

/**
 * ResourceService, all four RPCs: manifests of any kind the Kubernetes API serves, each object
 * authorized as its own kind (the table's `per-object` entry; see README.md in this folder).
 */
export function createResourceService(deps: ServiceDeps): ServiceImplementation {
  const resourceDeps: ResourceServiceDeps = {
    kube: deps.kube,
    caches: deps.caches,
    logger: deps.logger,
    resolver: createResourceTypeResolver(deps.discovery),
    secretManagementEnabled: deps.config.kargo.secretManagementEnabled,
    limits: {
      maxDepth: deps.config.server.maxNestingDepth,
      maxDocuments: deps.config.manifest.maxDocuments,
      maxObjects: deps.config.manifest.maxObjects,
      maxAliases: deps.config.manifest.maxAliases,
      timeoutMs: deps.config.manifest.timeoutMs,
    },
    parser: deps.manifestParser,
    ...(deps.promotionWindowClock ? { promotionWindowClock: deps.promotionWindowClock } : {}),
  };
  return implement(ResourceService, {
    createResource: createResource(resourceDeps),
    updateResource: updateResource(resourceDeps),
    createOrUpdateResource: createOrUpdateResource(resourceDeps),
    deleteResource: deleteResource(resourceDeps),
  });
}
