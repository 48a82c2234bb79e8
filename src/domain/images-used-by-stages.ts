import type { Stage } from "./types.js";

/** Image repository URL → tag → Stage name → index in that Stage's Freight history. */
export type ImageUsage = Map<string, Map<string, Map<string, number>>>;

/**
 * Which Stages have used which image revisions, folded from the Stages' `status.freightHistory`
 * (newest first): for every image of every Freight in a collection, the Stage is recorded under
 * the image's repository and tag with the collection's index, 0 being the current Freight. The
 * most recent use wins (as Kargo's ListImages). Images without a repository URL or
 * tag (pinned by digest only) are keyed by what they have; entries with neither are skipped.
 */
export function imagesUsedByStages(stages: readonly Stage[]): ImageUsage {
  const usage: ImageUsage = new Map();
  for (const stage of stages) {
    const stageName = stage.metadata.name ?? "";
    (stage.status?.freightHistory ?? []).forEach((collection, index) => {
      for (const reference of Object.values(collection.items ?? {})) {
        const images = Array.isArray(reference["images"]) ? (reference["images"] as { repoURL?: unknown; tag?: unknown; digest?: unknown }[]) : [];
        for (const image of images) {
          const repoURL = typeof image.repoURL === "string" ? image.repoURL : "";
          const tag = typeof image.tag === "string" && image.tag !== "" ? image.tag : typeof image.digest === "string" ? image.digest : "";
          if (repoURL === "" || tag === "") continue;
          let tags = usage.get(repoURL);
          if (tags === undefined) usage.set(repoURL, (tags = new Map()));
          let users = tags.get(tag);
          if (users === undefined) tags.set(tag, (users = new Map()));
          if (!users.has(stageName)) users.set(stageName, index);
        }
      }
    });
  }
  return usage;
}
