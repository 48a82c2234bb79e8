import { normalizeChartRepoUrl } from "../../../domain/normalize-chart-repo-url.js";
import { normalizeGitUrl } from "../../../domain/normalize-git-url.js";
import type { Warehouse } from "../warehouse/warehouse-discoverer.js";

/**
 * The normalised repository URLs a Warehouse subscribes to — Kargo's `subscribedURLs` index: Git
 * URLs as `normalizeGit`, image and chart references as `normalizeImage`/`normalizeChart` (one
 * form for both here: an OCI chart is an image reference).
 */
export function subscribedURLs(warehouse: Warehouse): Set<string> {
  const urls = new Set<string>();
  for (const subscription of warehouse.spec?.subscriptions ?? []) {
    const git = (subscription["git"] as { repoURL?: string } | undefined)?.repoURL;
    if (git) urls.add(normalizeGitUrl(git));
    for (const kind of ["image", "chart"]) {
      const reference = (subscription[kind] as { repoURL?: string } | undefined)?.repoURL;
      if (reference) urls.add(normalizeChartRepoUrl(reference));
    }
  }
  return urls;
}
