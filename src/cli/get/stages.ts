import { StageSchema, type Stage } from "../../../gen/kargo/api/v1/stage_pb.js";
import { watchResumable } from "../../client/watch-resumable.js";
import { messageJson } from "../format-messages.js";
import { formatAge } from "../format-age.js";
import { allPages } from "./all-pages.js";
import { conditionStatus } from "./condition-status.js";

/**
 * READY of a Stage: its Ready condition when a controller set one (Kargo on a cluster); otherwise
 * (embedded mode, whose controllers record promotions but not conditions) what its last Promotion
 * says: True after a success, False naming the phase after a failure, Unknown before any.
 */
export function stageReady(s: Stage): string {
  const condition = conditionStatus(s.status?.conditions, "Ready");
  if (condition) return condition;
  const last = s.status?.lastPromotion?.status?.phase;
  if (last === "Succeeded") return "True";
  if (last) return `False (last promotion ${last})`;
  return "Unknown (no promotion yet)";
}
import type { Item, ResourceKind } from "./resource-kind.js";
import { watchItems } from "./watch-items.js";

const toItem = (s: Stage): Item => ({
  row: [
    s.metadata?.name ?? "",
    s.status?.freightSummary ?? "",
    s.status?.health?.status ?? "",
    stageReady(s),
    s.status?.currentPromotion?.name ?? "",
    formatAge(s.metadata?.creationTimestamp),
  ],
  json: messageJson(StageSchema, s),
});

/** `get stages`: StageService.ListStages / GetStage / WatchStages. */
export const stages: ResourceKind = {
  name: "stages",
  resource: "stages",
  aliases: ["stage"],
  project: "required",
  headers: ["NAME", "FREIGHT", "HEALTH", "READY", "PROMOTING", "AGE"],
  delete: async (client, project, name) => {
    await client.stages.deleteStage({ project, name });
  },
  list: async (client, project) =>
    (
      await allPages(async (pageToken) => {
        const r = await client.stages.listStages({ project, pageToken });
        return { items: r.stages, nextPageToken: r.nextPageToken };
      })
    ).map(toItem),
  get: async (client, project, name) => toItem((await client.stages.getStage({ project, name })).result.value as Stage),
  watch: (client, project, name, signal) => watchItems(watchResumable(client.stages.watchStages, { project, name }, { signal }), (r) => r.stage, toItem),
};
