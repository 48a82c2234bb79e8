import { ProjectSchema, type Project } from "../../../gen/kargo/api/v1/project_pb.js";
import { messageJson } from "../format-messages.js";
import { formatAge } from "../format-age.js";
import { watchResumable, type Resync } from "../../client/watch-resumable.js";
import { allPages } from "./all-pages.js";
import { watchItems } from "./watch-items.js";
import { conditionStatus } from "./condition-status.js";
import type { Item, ResourceKind } from "./resource-kind.js";

/** `<healthy>/<count>` of one kind of a project's stats. */
const healthyOf = (stats: { count: number; health?: { healthy: number } } | undefined) => `${stats?.health?.healthy ?? 0}/${stats?.count ?? 0}`;

const toItem = (p: Project): Item => ({
  row: [
    p.metadata?.name ?? "",
    conditionStatus(p.status?.conditions, "Ready"),
    healthyOf(p.status?.stats?.stages),
    healthyOf(p.status?.stats?.warehouses),
    formatAge(p.metadata?.creationTimestamp),
  ],
  json: messageJson(ProjectSchema, p),
});

/** `get projects`: ProjectService.ListProjects / GetProject / WatchProjects (every project; a name keeps that one). */
export const projects: ResourceKind = {
  name: "projects",
  resource: "projects",
  aliases: ["project", "proj"],
  project: "none",
  headers: ["NAME", "READY", "STAGES", "WAREHOUSES", "AGE"],
  delete: async (client, _project, name) => {
    await client.projects.deleteProject({ name });
  },
  list: async (client) =>
    (
      await allPages(async (pageToken) => {
        const r = await client.projects.listProjects({ pageToken });
        return { items: r.projects, nextPageToken: r.nextPageToken };
      })
    ).map(toItem),
  get: async (client, _project, name) => {
    const r = await client.projects.getProject({ name });
    return toItem(r.result.value as Project);
  },
  watch: (client, _project, name, signal) =>
    watchItems(onlyNamed(watchResumable(client.projects.watchProjects, {}, { signal }), name), (r) => r.project, toItem),
};

/** The watch's events about the project `name` (all when undefined); BOOKMARKs and resyncs pass. */
async function* onlyNamed<R extends { project?: Project }>(events: AsyncIterable<R | Resync>, name: string | undefined): AsyncGenerator<R | Resync> {
  for await (const event of events) {
    const project = (event as R).project;
    if (name === undefined || project === undefined || project.metadata?.name === name) yield event;
  }
}
