import { normalizeChartRepoUrl } from "../../domain/normalize-chart-repo-url.js";
import { normalizeGitUrl } from "../../domain/normalize-git-url.js";
import type { Freight } from "../../domain/types.js";
import type { KubeObject } from "../../kube/index.js";

type Subscription = Record<string, { repoURL?: string; name?: string } | undefined>;

/**
 * What is wrong with the artifacts of hand-made Freight, one phrase each (empty when nothing):
 * an image needs `repoURL` and a tag or digest, a commit `repoURL` and `id`, a chart `repoURL`
 * and `version`, an artifact `artifactType`, `subscriptionName` and `version`; and each must come
 * from a subscription of the Warehouse (images by repository, commits by normalized Git URL,
 * charts by normalized repository and name, artifacts by subscription name). Kargo checks the
 * subscriptions only when a Promotion runs, when it is too late to say which artifact is wrong.
 */
export function freightArtifactProblems(freight: Pick<Freight, "images" | "commits" | "charts" | "artifacts">, warehouse: KubeObject): string[] {
  const subscriptions = ((warehouse["spec"] as { subscriptions?: Subscription[] } | undefined)?.subscriptions ?? []).filter(
    (s): s is Subscription => typeof s === "object" && s !== null,
  );
  const of = (kind: string) => subscriptions.map((s) => s[kind]).filter((s) => s !== undefined);
  const images = new Set(of("image").map((s) => s.repoURL ?? ""));
  const repos = new Set(of("git").map((s) => normalizeGitUrl(s.repoURL ?? "")));
  const charts = new Set(of("chart").map((s) => `${normalizeChartRepoUrl(s.repoURL ?? "")} ${s.name ?? ""}`));
  const generic = new Set(
    subscriptions.flatMap((s) =>
      Object.entries(s)
        .filter(([kind]) => kind !== "image" && kind !== "git" && kind !== "chart")
        .map(([, value]) => value?.name ?? ""),
    ),
  );
  const problems: string[] = [];
  (freight.images ?? []).forEach((image, i) => {
    if (!image.repoURL) problems.push(`images[${i}].repoURL should not be empty`);
    else if (!image.tag && !image.digest) problems.push(`images[${i}] needs a tag or a digest`);
    else if (!images.has(image.repoURL)) problems.push(`no image subscription for "${image.repoURL}"`);
  });
  (freight.commits ?? []).forEach((commit, i) => {
    if (!commit.repoURL) problems.push(`commits[${i}].repoURL should not be empty`);
    else if (!commit.id) problems.push(`commits[${i}].id should not be empty`);
    else if (!repos.has(normalizeGitUrl(commit.repoURL))) problems.push(`no git subscription for "${commit.repoURL}"`);
  });
  (freight.charts ?? []).forEach((chart, i) => {
    if (!chart.repoURL) problems.push(`charts[${i}].repoURL should not be empty`);
    else if (!chart.version) problems.push(`charts[${i}].version should not be empty`);
    else if (!charts.has(`${normalizeChartRepoUrl(chart.repoURL)} ${chart.name ?? ""}`)) {
      problems.push(`no chart subscription for "${chart.repoURL}"${chart.name ? ` chart "${chart.name}"` : ""}`);
    }
  });
  (freight.artifacts ?? []).forEach((artifact, i) => {
    if (!artifact.artifactType || !artifact.subscriptionName || !artifact.version) {
      problems.push(`artifacts[${i}] needs artifactType, subscriptionName and version`);
    } else if (!generic.has(artifact.subscriptionName)) problems.push(`no subscription named "${artifact.subscriptionName}"`);
  });
  return problems;
}
