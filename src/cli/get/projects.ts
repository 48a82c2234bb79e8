import { ProjectSchema, type Project } from "../../../gen/kargo/api/v1/project_pb.js";
import { messageJson } from "../format-messages.js";
import { formatAge } from "../format-age.js";
import { allPages } from "./all-pages.js";
import { conditionStatus } from "./condition-status.js";
import type { Item, ResourceKind } from "./resource-kind.js";

const toItem = (p: Project): Item => ({
  row: [p.metadata?.name ?? "", conditionStatus(p.status?.conditions, "Ready"), formatAge(p.metadata?.creationTimestamp)],
  json: messageJson(ProjectSchema, p),
});

/** `get projects`: ProjectService.ListProjects / GetProject (no watch RPC exists). */
export const projects: ResourceKind = {
  name: "projects",
  resource: "projects",
  aliases: ["project", "proj"],
  project: "none",
  headers: ["NAME", "READY", "AGE"],
  delete: async (client, _project, name) => {
    await client.projects.deleteProject({ name });
  },
  list: async (client) => (await allPages(async (pageToken) => {
    const r = await client.projects.listProjects({ pageToken });
    return { items: r.projects, nextPageToken: r.nextPageToken };
  })).map(toItem),
  get: async (client, _project, name) => {
    const r = await client.projects.getProject({ name });
    return toItem(r.result.value as Project);
  },
};
