import { normalizeGitUrl } from "../../domain/normalize-git-url.js";
import type { Chart, Freight, GitCommit, Image } from "../../domain/types.js";

/** The Freight's commit from a repository (URLs compared after Kargo's normalization), if any. */
export function findCommit(freight: Freight, repoURL: string): GitCommit | undefined {
  const wanted = normalizeGitUrl(repoURL);
  return (freight.commits ?? []).find((commit) => normalizeGitUrl(commit.repoURL ?? "") === wanted);
}

/** The Freight's image from a repository, if any. */
export function findImage(freight: Freight, repoURL: string): Image | undefined {
  return (freight.images ?? []).find((image) => image.repoURL === repoURL);
}

/** The Freight's chart from a repository (and, for classic Helm repositories, with a name). */
export function findChart(freight: Freight, repoURL: string, name?: string): Chart | undefined {
  return (freight.charts ?? []).find((chart) => chart.repoURL === repoURL && (name === undefined || chart.name === name));
}
