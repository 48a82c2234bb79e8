import { Code, ConnectError } from "@connectrpc/connect";
import { SYSTEM_ROLE_LABEL } from "../../rbac/index.js";
import type { KubeObject } from "../../kube/index.js";
import { requireProject } from "../common/index.js";
import type { RbacDeps } from "./rbac-deps.js";

/** Where a role (or API token) lives. */
export interface RoleScope {
  readonly namespace: string;
  readonly systemLevel: boolean;
  /** How messages name the namespace: "project" or "namespace". */
  readonly noun: "project" | "namespace";
}

/**
 * The namespace of a role request (docs/api-behaviour.md, RbacService): the Kargo namespace for
 * system-level requests, else the project, which must exist (INVALID_ARGUMENT when empty,
 * NOT_FOUND when missing).
 */
export async function roleScope(deps: RbacDeps, request: { project: string; systemLevel?: boolean }): Promise<RoleScope> {
  if (request.systemLevel) return { namespace: deps.config.kargo.namespace, systemLevel: true, noun: "namespace" };
  return { namespace: await requireProject(deps, request.project), systemLevel: false, noun: "project" };
}

/**
 * A system-level role is a ServiceAccount of the Kargo namespace labelled as one; any other
 * ServiceAccount there (the API server's own, controllers') is NOT_FOUND for these RPCs.
 */
export function assertSystemRole(scope: RoleScope, serviceAccount: KubeObject, name: string): void {
  if (scope.systemLevel && serviceAccount.metadata.labels?.[SYSTEM_ROLE_LABEL] !== "true") {
    throw new ConnectError(`system-level role "${name}" not found`, Code.NotFound);
  }
}
