import type { Config } from "../../config/config.js";
import { requireProject, type RequireProjectDeps } from "./require-project.js";

/**
 * Where a shared-or-project resource lives (credentials, ConfigMaps) and how responses describe it.
 */
export interface ResourceScope {
  readonly namespace: string;
  /** The project, "" for shared and system-level resources. */
  readonly project: string;
  readonly shared: boolean;
  readonly systemLevel: boolean;
}

/**
 * The namespace of a request for credentials or ConfigMaps, as Kargo scopes them: the
 * system-resources namespace when `systemLevel`, else the project (which must exist: NOT_FOUND
 * otherwise), else the shared-resources namespace.
 */
export async function resourceScope(
  deps: RequireProjectDeps & { readonly config: Pick<Config, "kargo"> },
  request: { project: string; systemLevel?: boolean },
): Promise<ResourceScope> {
  const { kargo } = deps.config;
  if (request.systemLevel) return { namespace: kargo.systemResourcesNamespace, project: "", shared: false, systemLevel: true };
  if (request.project.trim() === "") return { namespace: kargo.sharedResourcesNamespace, project: "", shared: true, systemLevel: false };
  const project = await requireProject(deps, request.project);
  return { namespace: project, project, shared: false, systemLevel: false };
}

/** `in project "p"`, `in the shared namespace`, `at system level`, for messages. */
export function describeScope(scope: ResourceScope): string {
  if (scope.systemLevel) return `at system level (namespace "${scope.namespace}")`;
  if (scope.shared) return `in the shared namespace "${scope.namespace}"`;
  return `in project "${scope.project}"`;
}
