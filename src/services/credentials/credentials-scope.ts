import { requireProject } from "../common/index.js";
import type { CredentialsDeps } from "./credentials-deps.js";

/** Where credentials live and how responses describe it. */
export interface CredentialsScope {
  readonly namespace: string;
  /** The project, "" for shared and system-level credentials. */
  readonly project: string;
  readonly shared: boolean;
  readonly systemLevel: boolean;
}

/**
 * The namespace of a credentials request (kargo-behaviour.md §2.9, §5): the system-resources
 * namespace when `systemLevel` (generic credentials only), else the project (which must exist:
 * NOT_FOUND otherwise), else the shared-resources namespace.
 */
export async function credentialsScope(deps: CredentialsDeps, request: { project: string; systemLevel?: boolean }): Promise<CredentialsScope> {
  const { kargo } = deps.config;
  if (request.systemLevel) return { namespace: kargo.systemResourcesNamespace, project: "", shared: false, systemLevel: true };
  if (request.project.trim() === "") return { namespace: kargo.sharedResourcesNamespace, project: "", shared: true, systemLevel: false };
  const project = await requireProject(deps, request.project);
  return { namespace: project, project, shared: false, systemLevel: false };
}

/** `in project "p"`, `in the shared namespace`, `at system level`, for messages. */
export function describeScope(scope: CredentialsScope): string {
  if (scope.systemLevel) return `at system level (namespace "${scope.namespace}")`;
  if (scope.shared) return `in the shared namespace "${scope.namespace}"`;
  return `in project "${scope.project}"`;
}
