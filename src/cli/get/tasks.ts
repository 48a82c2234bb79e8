import { PromotionTaskSchema, type PromotionTask } from "../../../gen/kargo/api/v1/promotion_task_pb.js";
import { messageJson } from "../format-messages.js";
import { formatAge } from "../format-age.js";
import { allPages } from "./all-pages.js";
import type { Item, ResourceKind } from "./resource-kind.js";

const toItem = (t: PromotionTask): Item => ({
  row: [t.metadata?.name ?? "", t.kind, String(t.spec?.steps.length ?? 0), formatAge(t.metadata?.creationTimestamp)],
  json: messageJson(PromotionTaskSchema, t),
});

/**
 * `get tasks`: the project's PromotionTasks (PromotionTaskService.ListPromotionTasks /
 * GetPromotionTask); without --project, the ClusterPromotionTasks.
 */
export const tasks: ResourceKind = {
  name: "tasks",
  resource: "promotiontasks",
  aliases: ["task", "promotiontasks", "promotiontask"],
  project: "optional",
  headers: ["NAME", "KIND", "STEPS", "AGE"],
  delete: async (client, project, name) => {
    if (project) await client.promotionTasks.deletePromotionTask({ project, name });
    else await client.promotionTasks.deleteClusterPromotionTask({ name });
  },
  list: async (client, project) => {
    if (project) {
      return (
        await allPages(async (pageToken) => {
          const r = await client.promotionTasks.listPromotionTasks({ project, pageToken });
          return { items: r.promotionTasks, nextPageToken: r.nextPageToken };
        })
      ).map(toItem);
    }
    return (
      await allPages(async (pageToken) => {
        const r = await client.promotionTasks.listClusterPromotionTasks({ pageToken });
        return { items: r.clusterPromotionTasks, nextPageToken: r.nextPageToken };
      })
    ).map(toItem);
  },
  get: async (client, project, name) =>
    toItem(
      (project ? await client.promotionTasks.getPromotionTask({ project, name }) : await client.promotionTasks.getClusterPromotionTask({ name })).result
        .value as PromotionTask,
    ),
};
