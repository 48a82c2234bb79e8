import { projectStats, type KubeObject } from "../../../domain/index.js";
import { jsonEqual } from "../../../util/json-equal.js";
import type { KargoClient } from "../../../kube/object-clients.js";

/**
 * What Kargo's management controller does for Project `status.stats`: the counts of each project's
 * Stages and Warehouses and how many are healthy (projectStats), patched on the Project's status
 * only when they changed — on every pass, so creations, deletions and promotions show within one.
 */
export function createProjectStatsReporter(options: { client: KargoClient }): { reconcile(): Promise<void> } {
  const { client } = options;
  return {
    async reconcile() {
      const [projects, stages, warehouses] = await Promise.all([
        client.list<KubeObject>("projects"),
        client.list<KubeObject>("stages"),
        client.list<KubeObject>("warehouses"),
      ]);
      for (const project of projects) {
        const name = project.metadata.name ?? "";
        if (project.metadata.deletionTimestamp) continue;
        const stats = projectStats(
          stages.filter((s) => s.metadata.namespace === name),
          warehouses.filter((w) => w.metadata.namespace === name),
        );
        if (jsonEqual((project["status"] as { stats?: unknown } | undefined)?.stats, stats)) continue;
        await client.patchStatus("projects", "", name, { stats });
      }
    },
  };
}
