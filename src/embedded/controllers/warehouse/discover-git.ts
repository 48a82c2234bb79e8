import type { GitCommit } from "../../../domain/types.js";
import { evaluateExpression, parseExpression, STANDARD_FUNCTIONS, TimeValue } from "../../../domain/expressions/index.js";
import {
  defaultBranch,
  describeCommit,
  describeTag,
  listCommits,
  listCommitsWithPaths,
  listTags,
  mirrorRepository,
  type CommitInfo,
} from "../../git/mirror-repository.js";
import { pathFilter } from "./path-filter.js";
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
  includePaths?: string[];
  excludePaths?: string[];
  expressionFilter?: string;
}

/** What discovery found for one subscription: the `discoveredArtifacts.git[]` entry and the Freight commit. */
export interface GitDiscovery {
  /** `status.discoveredArtifacts.git[]` entry. */
  artifacts: { repoURL: string; branch?: string; commits: Record<string, string>[] };
  /** The newest selected commit, as a Freight `commits[]` entry; undefined when nothing matched. */
  newest: GitCommit | undefined;
}

const DEFAULT_DISCOVERY_LIMIT = 20;

/** A date git printed (strict ISO 8601, `%cI`) as a time value of the expression engine. */
const gitDate = (text: string) => new TimeValue(Date.parse(text));
/** With path or expression filters, at most this many commits (or tags) are examined. */
const FILTER_SCAN_LIMIT = 1000;

/**
 * Compiles an `expressionFilter` into a predicate over a commit's (or tag's) variables. Like
 * Kargo, a non-boolean result is converted (0, "", nil → false); an expression that fails to
 * parse throws now, so the Warehouse says so. Dates (`commitDate`, `creatorDate`) are time values,
 * as Go's time.Time is in Kargo's: `commitDate.After(date('2025-01-01'))`, `creatorDate.Year()`,
 * `now() - commitDate < duration('72h')`.
 */
function compileFilter(text: string): (variables: Record<string, unknown>) => boolean {
  let parsed: ReturnType<typeof parseExpression>;
  try {
    parsed = parseExpression(text);
  } catch (error) {
    throw new Error(`invalid expressionFilter ${JSON.stringify(text)}: ${(error as Error).message}`);
  }
  return (variables) => {
    const value = evaluateExpression(parsed, { ...STANDARD_FUNCTIONS, ...variables }, text);
    return typeof value === "boolean" ? value : value !== 0 && value !== "" && value !== null && value !== undefined;
  };
}

/**
 * Discovers commits of a Git subscription as Kargo does, through a local mirror of the repository:
 * - `NewestFromBranch` (default): the newest commits of `branch` (default: the remote's default
 *   branch), first-parent order;
 * - `SemVer`: tags that are semantic versions satisfying `semverConstraint`, highest first;
 * - `NewestTag`: tags by commit date, newest first; `Lexical`: tags in reverse lexical order;
 * tags filtered by `allowTags` (a regex) and `ignoreTags` (exact names); commits (or tags' commits)
 * kept only when they change a path `includePaths`/`excludePaths` select and when
 * `expressionFilter` holds (variables as Kargo documents: `id`, `commitDate`, `author`,
 * `committer`, `subject` for branches; `tag`, `id`, `creatorDate`, `author`, `committer`,
 * `subject`, `tagger`, `annotation` for tags; dates are time values); at most
 * `discoveryLimit` (default 20). The first one is what new Freight carries.
 */
export async function discoverGit(cacheDir: string, subscription: GitSubscription, signal?: AbortSignal, credentials?: GitCredentials): Promise<GitDiscovery> {
  const { repoURL } = subscription;
  const limit = subscription.discoveryLimit && subscription.discoveryLimit > 0 ? subscription.discoveryLimit : DEFAULT_DISCOVERY_LIMIT;
  const auth = credentialEnv(repoURL, credentials);
  const mirror = await mirrorRepository(cacheDir, repoURL, signal, auth);
  const strategy = subscription.commitSelectionStrategy ?? "NewestFromBranch";
  const toArtifact = (commit: CommitInfo, extra: Record<string, string>) => ({
    id: commit.id,
    author: commit.author,
    committer: commit.committer,
    creatorDate: commit.creatorDate,
    subject: commit.subject,
    ...extra,
  });
  const toFreight = (commit: CommitInfo, extra: Record<string, string>): GitCommit => ({
    repoURL,
    id: commit.id,
    message: commit.subject,
    author: commit.author,
    committer: commit.committer,
    ...extra,
  });

  const paths = pathFilter(subscription.includePaths, subscription.excludePaths);
  const expression = subscription.expressionFilter?.trim() ? compileFilter(subscription.expressionFilter) : undefined;

  if (strategy === "NewestFromBranch") {
    const branch = subscription.branch || (await defaultBranch(mirror, repoURL, signal, auth)) || "main";
    let commits: CommitInfo[];
    if (!paths && !expression) {
      commits = await listCommits(mirror, `refs/heads/${branch}`, limit, signal);
    } else {
      // Filters may reject many commits: read a bounded window of history with changed paths.
      commits = (await listCommitsWithPaths(mirror, `refs/heads/${branch}`, FILTER_SCAN_LIMIT, signal))
        .filter(
          (commit) =>
            (!paths || paths(commit.paths)) &&
            (!expression ||
              expression({
                id: commit.id,
                commitDate: gitDate(commit.creatorDate),
                author: commit.author,
                committer: commit.committer,
                subject: commit.subject,
              })),
        )
        .slice(0, limit)
        .map(({ paths: _paths, ...commit }) => commit);
    }
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
  const filtered = paths !== undefined || expression !== undefined;
  for (const tag of strategy === "NewestTag" || filtered ? tags.slice(0, FILTER_SCAN_LIMIT) : tags.slice(0, limit)) {
    if (strategy !== "NewestTag" && described.length >= limit) break;
    const commit = await describeCommit(mirror, `refs/tags/${tag}`, signal);
    if (paths && !paths((await listCommitsWithPaths(mirror, commit.id, 1, signal))[0]?.paths ?? [])) continue;
    if (expression) {
      const annotated = await describeTag(mirror, tag, signal);
      const env = {
        tag,
        id: commit.id,
        creatorDate: gitDate(annotated?.creatorDate || commit.creatorDate),
        author: commit.author,
        committer: commit.committer,
        subject: commit.subject,
        tagger: annotated?.tagger ?? "",
        annotation: annotated?.annotation ?? "",
      };
      if (!expression(env)) continue;
    }
    described.push({ tag, commit });
  }
  if (strategy === "NewestTag") described.sort((a, b) => b.commit.creatorDate.localeCompare(a.commit.creatorDate));
  const selected = described.slice(0, limit);
  return {
    artifacts: { repoURL, commits: selected.map(({ tag, commit }) => toArtifact(commit, { tag })) },
    newest: selected[0] ? toFreight(selected[0].commit, { tag: selected[0].tag }) : undefined,
  };
}
