import type { GitCommit } from "../../../domain/types.js";
import { defaultBranch, describeCommit, listCommits, listTags, mirrorRepository, type CommitInfo } from "../../git/mirror-repository.js";
import { credentialEnv, type GitCredentials } from "../../git/credential-env.js";
import { selectSemverTags } from "./select-semver-tags.js";
import { tagFilter } from "./tag-filter.js";

/** A Warehouse `subscriptions[].git` entry (the fields discovery reads). */
export interface GitSubscription {
  repoURL: string;
  branch?: string;
  commitSelectionStrategy?: "NewestFromBranch" | "SemVer" | "Lexical" | "NewestTag";
  semverConstraint?: string;
  strictSemvers?: boolean;
  allowTags?: string;
  ignoreTags?: string[];
  discoveryLimit?: number;
}

/** What discovery found for one subscription: the `discoveredArtifacts.git[]` entry and the Freight commit. */
export interface GitDiscovery {
  /** `status.discoveredArtifacts.git[]` entry. */
  artifacts: { repoURL: string; branch?: string; commits: Record<string, string>[] };
  /** The newest selected commit, as a Freight `commits[]` entry; undefined when nothing matched. */
  newest: GitCommit | undefined;
}

const DEFAULT_DISCOVERY_LIMIT = 20;

/**
 * Discovers commits of a Git subscription as Kargo does, through a local mirror of the repository:
 * - `NewestFromBranch` (default): the newest commits of `branch` (default: the remote's default
 *   branch), first-parent order;
 * - `SemVer`: tags that are semantic versions satisfying `semverConstraint`, highest first;
 * - `NewestTag`: tags by commit date, newest first; `Lexical`: tags in reverse lexical order;
 * tags filtered by `allowTags` (a regex) and `ignoreTags` (exact names); at most `discoveryLimit`
 * (default 20). The first one is what new Freight carries.
 */
export async function discoverGit(cacheDir: string, subscription: GitSubscription, signal?: AbortSignal, credentials?: GitCredentials): Promise<GitDiscovery> {
  const { repoURL } = subscription;
  const limit = subscription.discoveryLimit && subscription.discoveryLimit > 0 ? subscription.discoveryLimit : DEFAULT_DISCOVERY_LIMIT;
  const auth = credentialEnv(repoURL, credentials);
  const mirror = await mirrorRepository(cacheDir, repoURL, signal, auth);
  const strategy = subscription.commitSelectionStrategy ?? "NewestFromBranch";
  const toArtifact = (commit: CommitInfo, extra: Record<string, string>) => ({ id: commit.id, author: commit.author, committer: commit.committer, creatorDate: commit.creatorDate, subject: commit.subject, ...extra });
  const toFreight = (commit: CommitInfo, extra: Record<string, string>): GitCommit => ({ repoURL, id: commit.id, message: commit.subject, author: commit.author, committer: commit.committer, ...extra });

  if (strategy === "NewestFromBranch") {
    const branch = subscription.branch || (await defaultBranch(mirror, repoURL, signal, auth)) || "main";
    const commits = await listCommits(mirror, `refs/heads/${branch}`, limit, signal);
    return {
      artifacts: { repoURL, branch, commits: commits.map((commit) => toArtifact(commit, { branch })) },
      newest: commits[0] ? toFreight(commits[0], { branch }) : undefined,
    };
  }

  let tags = (await listTags(mirror, signal)).filter(tagFilter(subscription.allowTags, subscription.ignoreTags));
  if (strategy === "SemVer") {
    tags = selectSemverTags(tags, subscription.semverConstraint ?? "", subscription.strictSemvers !== false);
  } else if (strategy === "Lexical") {
    tags = tags.sort().reverse();
  }
  const described: { tag: string; commit: CommitInfo }[] = [];
  for (const tag of strategy === "NewestTag" ? tags : tags.slice(0, limit)) {
    described.push({ tag, commit: await describeCommit(mirror, `refs/tags/${tag}`, signal) });
  }
  if (strategy === "NewestTag") described.sort((a, b) => b.commit.creatorDate.localeCompare(a.commit.creatorDate));
  const selected = described.slice(0, limit);
  return {
    artifacts: { repoURL, commits: selected.map(({ tag, commit }) => toArtifact(commit, { tag })) },
    newest: selected[0] ? toFreight(selected[0].commit, { tag: selected[0].tag }) : undefined,
  };
}
