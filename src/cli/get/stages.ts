import { StageSchema, type Stage } from "../../../gen/kargo/api/v1/stage_pb.js";
import { watchResumable } from "../../client/watch-resumable.js";
import { messageJson } from "../format-messages.js";
import { formatAge } from "../format-age.js";
import { allPages } from "./all-pages.js";
import { conditionStatus } from "./condition-status.js";
import type { Item, ResourceKind } from "./resource-kind.js";
import { watchItems } from "./watch-items.js";

const toItem = (s: Stage): Item => ({
  row: [
    s.metadata?.name ?? "",
    s.status?.freightSummary ?? "",
    s.status?.health?.status ?? "",
    conditionStatus(s.status?.conditions, "Ready"),
    s.status?.currentPromotion?.name ?? "",
    formatAge(s.metadata?.creationTimestamp),
  ],
  json: messageJson(StageSchema, s),
});

/** `get stages`: StageService.ListStages / GetStage / WatchStages. */
export const stages: ResourceKind = {
  name: "stages",
  aliases: ["stage"],
  project: "required",
  headers: ["NAME", "FREIGHT", "HEALTH", "READY", "PROMOTING", "AGE"],
  list: async (client, project) => (await allPages(async (pageToken) => {
    const r = await client.stages.listStages({ project, pageToken });
    return { items: r.stages, nextPageToken: r.nextPageToken };
  })).map(toItem),
  get: async (client, project, name) => toItem((await client.stages.getStage({ project, name })).result.value as Stage),
  watch: (client, project, name, signal) => watchItems(watchResumable(client.stages.watchStages, { project, name }, { signal }), (r) => r.stage, toItem),
};
