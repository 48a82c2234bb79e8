import { ProjectService } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { implement, type ServiceImplementation } from "../../server/service-implementation.js";
import type { ServiceDeps } from "../create-services.js";
import { createProject } from "./create-project.js";
import { deleteProjectConfig } from "./delete-project-config.js";
import { deleteProject } from "./delete-project.js";
import { getProjectConfig } from "./get-project-config.js";
import { getProject } from "./get-project.js";
import { listProjectEvents } from "./list-project-events.js";
import { listProjects } from "./list-projects.js";
import { refreshProjectConfig } from "./refresh-project-config.js";
import { updateProjectConfig } from "./update-project-config.js";
import { watchProjectConfig } from "./watch-project-config.js";
import { watchProjects } from "./watch-projects.js";
import { watchProjectEvents } from "./watch-project-events.js";

/**
 * ProjectService, every RPC: reads from the informer caches, writes through the Kubernetes API.
 * Authorization is the interceptor's (authorization-table.ts). Where it differs from Kargo:
 * docs/api-behaviour.md "ProjectService".
 */
export function createProjectService(deps: ServiceDeps): ServiceImplementation {
  return implement(ProjectService, {
    listProjects: listProjects(deps),
    getProject: getProject(deps),
    createProject: createProject(deps),
    deleteProject: deleteProject(deps),
    getProjectConfig: getProjectConfig(deps),
    updateProjectConfig: updateProjectConfig(deps),
    deleteProjectConfig: deleteProjectConfig(deps),
    watchProjectConfig: watchProjectConfig(deps),
    watchProjects: watchProjects(deps),
    refreshProjectConfig: refreshProjectConfig(deps),
    listProjectEvents: listProjectEvents(deps),
    watchProjectEvents: watchProjectEvents(deps),
  });
}
