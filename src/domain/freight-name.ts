import { createHash } from "node:crypto";
import { posix } from "node:path";
import { normalizeChartRepoUrl } from "./normalize-chart-repo-url.js";
import { normalizeGitUrl } from "./normalize-git-url.js";
import type { ArtifactReference, Chart, Freight, GitCommit, Image } from "./types.js";

/**
 * The deterministic name (ID) of a piece of Freight, computed exactly as Kargo's
 * `GenerateFreightID` does so that the same artifacts get the same name here and on a Kargo
 * cluster:
 *
 *     sha1("<origin.kind>/<origin.name>:" + sorted(parts).join("|"))   as 40 lower-case hex digits
 *
 * with one part per artifact:
 * - commit: `<normalized repoURL>:<tag>:<id>` when tagged (one commit can carry several tags, each
 *   its own Freight), else `<normalized repoURL>:<id>`;
 * - image: `<repoURL>:<tag>@<digest>` (both, since a mutable tag can move and a digest be re-tagged);
 * - chart: `<path.Join(normalized repoURL, name)>:<version>`;
 * - generic artifact: `<artifactType>:<subscriptionName>:<version>`;
 * and, for commits, images and charts, `:<subscriptionName>` appended when one is set (newer
 * Kargo; never set by v1.11 objects, so v1.11 IDs are unchanged). Sorting makes the name
 * independent of artifact order. Only identifying fields count: messages, authors, branches and
 * image annotations do not change the name.
 */
export function freightName(freight: Pick<Freight, "origin" | "commits" | "images" | "charts" | "artifacts">): string {
  const parts = [
    ...(freight.commits ?? []).map(commitPart),
    ...(freight.images ?? []).map(imagePart),
    ...(freight.charts ?? []).map(chartPart),
    ...(freight.artifacts ?? []).map(artifactPart),
  ];
  // Go's slices.Sort orders strings by bytes; JavaScript's default sort by UTF-16 code units,
  // which differs only outside the BMP. Compare UTF-8 bytes to match Kargo everywhere.
  parts.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const origin = freight.origin ? `${freight.origin.kind}/${freight.origin.name}` : "";
  return createHash("sha1")
    .update(`${origin}:${parts.join("|")}`)
    .digest("hex");
}

function withSubscription(base: string, subscriptionName: string | undefined): string {
  return subscriptionName ? `${base}:${subscriptionName}` : base;
}

function commitPart(commit: GitCommit): string {
  const repo = normalizeGitUrl(commit.repoURL ?? "");
  const base = commit.tag ? `${repo}:${commit.tag}:${commit.id ?? ""}` : `${repo}:${commit.id ?? ""}`;
  return withSubscription(base, commit.subscriptionName);
}

function imagePart(image: Image): string {
  return withSubscription(`${image.repoURL ?? ""}:${image.tag ?? ""}@${image.digest ?? ""}`, image.subscriptionName);
}

function chartPart(chart: Chart): string {
  // Go's path.Join cleans the result and ignores empty elements ("" name → just the repo).
  const joined = goPathJoin(normalizeChartRepoUrl(chart.repoURL ?? ""), chart.name ?? "");
  return withSubscription(`${joined}:${chart.version ?? ""}`, chart.subscriptionName);
}

function artifactPart(artifact: ArtifactReference): string {
  return `${artifact.artifactType ?? ""}:${artifact.subscriptionName ?? ""}:${artifact.version ?? ""}`;
}

/** Go's path.Join: empty elements are skipped, the result is Clean-ed, "" when all are empty. */
function goPathJoin(...elements: string[]): string {
  const nonEmpty = elements.filter((element) => element !== "");
  return nonEmpty.length === 0 ? "" : posix.normalize(nonEmpty.join("/")).replace(/(.)\/$/u, "$1");
}
