import { KEEP_NAMESPACE_ANNOTATION } from "../../domain/index.js";
import type { EmbeddedLogger } from "../api/api-context.js";
import type { KubeObject, ObjectStore } from "../store/types.js";
import { TYPES } from "./kargo-types.js";

/**
 * Kargo's Project finalizer logic, once the Project is gone: its Namespace (and so everything in
 * it) is deleted, unless the Project or the Namespace carries `kargo.akuity.io/keep-namespace:
 * "true"`. A Project still held by finalizers keeps its namespace until it is really deleted.
 */
export function tearDownProject(store: ObjectStore, logger: EmbeddedLogger, project: KubeObject): void {
  if ((project.metadata.finalizers?.length ?? 0) > 0) return;
  const name = project.metadata.name!;
  const namespace = store.get(TYPES.namespaces, undefined, name);
  if (!namespace) return;
  const keep = project.metadata.annotations?.[KEEP_NAMESPACE_ANNOTATION] === "true" || namespace.metadata.annotations?.[KEEP_NAMESPACE_ANNOTATION] === "true";
  if (keep) {
    logger.info({ project: name }, "keeping the namespace of a deleted project");
    return;
  }
  store.delete(TYPES.namespaces, undefined, name);
}
