import { Code, ConnectError } from "@connectrpc/connect";
import { PROJECT_LABEL } from "../../domain/well-known-keys.js";
import { RESOURCES, type KubeCaches, type KubeClient, type KubeObject } from "../../kube/index.js";
import { requireField } from "./require-field.js";

/** What {@link requireProject} reads. */
export interface RequireProjectDeps {
  readonly caches: KubeCaches;
  readonly kube: KubeClient;
}

/**
 * The project existence check of nearly every project-scoped RPC (Kargo's check):
 * `project` must be non-empty (INVALID_ARGUMENT `project should not be empty`), its Namespace
 * must exist (NOT_FOUND `project "x" not found`) and carry the label
 * `kargo.akuity.io/project: "true"` (INVALID_ARGUMENT `namespace "x" is not a project`).
 * Returns the trimmed project name.
 *
 * Served from the namespaces cache. A miss is confirmed with one GET before answering NOT_FOUND:
 * a project created a moment ago has its Namespace created by admission, and the namespaces
 * cache (unlike the projects cache, which the create waited for) may not show it yet.
 * Like Kargo, the Namespace is what counts, not the Project object.
 */
export async function requireProject(deps: RequireProjectDeps, project: string | undefined, field = "project"): Promise<string> {
  const name = requireField(project, field);
  const cache = deps.caches.cache(RESOURCES.namespaces);
  // Synced (every call after the start): no await, no microtask hop on every project-scoped call.
  if (!cache.isSynced) await cache.synced;
  let namespace: KubeObject | undefined = cache.get(undefined, name);
  if (namespace === undefined) {
    namespace = await deps.kube.get(RESOURCES.namespaces, { name }).catch((error: unknown) => {
      if (error instanceof ConnectError && error.code === Code.NotFound) return undefined;
      throw error;
    });
  }
  if (namespace === undefined) {
    throw new ConnectError(`project "${name}" not found`, Code.NotFound);
  }
  if (namespace.metadata.labels?.[PROJECT_LABEL] !== "true") {
    throw new ConnectError(`namespace "${name}" is not a project (it lacks the label ${PROJECT_LABEL}: "true")`, Code.InvalidArgument);
  }
  return name;
}
