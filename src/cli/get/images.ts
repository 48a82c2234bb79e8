import { allPages } from "./all-pages.js";
import type { Item, ResourceKind } from "./resource-kind.js";

/**
 * `get images`: StageService.ListImages, one row per image repository and tag with the Stages
 * that used it (`test(0)` — 0 is the Stage's current Freight, 1 the one before …).
 */
export const images: ResourceKind = {
  name: "images",
  // ListImages folds the Stages' Freight history: reading it takes `list` on stages.
  resource: "stages",
  aliases: ["image"],
  project: "required",
  headers: ["REPOSITORY", "TAG", "STAGES"],
  list: async (client, project) => {
    const pages = await allPages(async (pageToken) => {
      const r = await client.stages.listImages({ project, pageToken });
      return { items: Object.entries(r.images), nextPageToken: r.nextPageToken };
    });
    const items: Item[] = [];
    for (const [repoURL, { tags }] of pages.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      for (const tag of Object.keys(tags).sort()) {
        const stages = Object.fromEntries(Object.entries(tags[tag]!.stages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
        items.push({
          row: [
            repoURL,
            tag,
            Object.entries(stages)
              .map(([s, i]) => `${s}(${i})`)
              .join(","),
          ],
          json: { repoURL, tag, stages },
        });
      }
    }
    return items;
  },
};
