import { projectStats } from "../../domain/index.js";
import { RESOURCES, type KubeCaches, type KubeObject } from "../../kube/index.js";

/**
 * The Project with `status.stats` computed from the API server's caches of its Stages and
 * Warehouses — current in either mode, whatever the controller last wrote (Kargo's refreshes them
 * on its reconciles; the embedded one on every pass). The cache's object is not changed.
 */
export async function withProjectStats(caches: KubeCaches, project: KubeObject): Promise<KubeObject> {
  const stages = caches.cache(RESOURCES.stages);
  const warehouses = caches.cache(RESOURCES.warehouses);
  await Promise.all([stages.synced, warehouses.synced]);
  const name = project.metadata.name ?? "";
  const stats = projectStats(stages.list(name), warehouses.list(name));
  const status = (project["status"] as Record<string, unknown> | undefined) ?? {};
  return { ...project, status: { ...status, stats } };
}
