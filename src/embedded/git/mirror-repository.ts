import { createHash } from "node:crypto";
import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { runGit } from "./run-git.js";

/** One commit as discovery reports it. */
export interface CommitInfo {
  id: string;
  author: string;
  committer: string;
  /** Committer date, RFC 3339. */
  creatorDate: string;
  subject: string;
}

/**
 * A bare mirror of a remote repository under `cacheDir` (one per URL), fetched anew on each call:
 * every branch and tag, pruned, forced. Discovery reads commits from it instead of cloning each time.
 */
export async function mirrorRepository(cacheDir: string, repoURL: string, signal?: AbortSignal, env?: Record<string, string>): Promise<string> {
  const path = join(cacheDir, `${createHash("sha1").update(repoURL).digest("hex")}.git`);
  if (!(await stat(path).catch(() => undefined))) {
    await mkdir(cacheDir, { recursive: true });
    await runGit(["init", "--quiet", "--bare", path], { signal });
  }
  await runGit(
    ["fetch", "--quiet", "--prune", "--prune-tags", "--force", "--no-write-fetch-head", repoURL, "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"],
    { cwd: path, signal, ...(env ? { env } : {}) },
  );
  return path;
}

const SEPARATOR = "\x1f";

/** Up to `limit` commits reachable from `ref`, newest first (first-parent history, as a branch reads). */
export async function listCommits(mirror: string, ref: string, limit: number, signal?: AbortSignal): Promise<CommitInfo[]> {
  const format = ["%H", "%an <%ae>", "%cn <%ce>", "%cI", "%s"].join(SEPARATOR);
  const output = await runGit(["log", "--first-parent", `--max-count=${limit}`, `--format=${format}`, ref, "--"], { cwd: mirror, signal });
  return output
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const [id, author, committer, creatorDate, subject] = line.split(SEPARATOR);
      return { id: id!, author: author!, committer: committer!, creatorDate: creatorDate!, subject: subject ?? "" };
    });
}

/** The commit a ref (branch, tag — annotated ones peeled) points at, with its details. */
export async function describeCommit(mirror: string, ref: string, signal?: AbortSignal): Promise<CommitInfo> {
  const [commit] = await listCommits(mirror, `${ref}^{commit}`, 1, signal);
  if (!commit) throw new Error(`no commit at ${ref}`);
  return commit;
}

/** The remote's default branch (what its HEAD points at), or undefined when it has none. */
export async function defaultBranch(mirror: string, repoURL: string, signal?: AbortSignal, env?: Record<string, string>): Promise<string | undefined> {
  const output = await runGit(["ls-remote", "--symref", repoURL, "HEAD"], { cwd: mirror, signal, ...(env ? { env } : {}) });
  const match = /^ref: refs\/heads\/(\S+)\tHEAD$/mu.exec(output);
  return match?.[1];
}

/** Tags of the mirror. */
export async function listTags(mirror: string, signal?: AbortSignal): Promise<string[]> {
  const output = await runGit(["tag", "--list"], { cwd: mirror, signal });
  return output.split("\n").filter((tag) => tag !== "");
}

/** A commit with the paths it changed (against its first parent; every path for a root commit). */
export interface CommitWithPaths extends CommitInfo {
  paths: string[];
}

const RECORD = "\x1e";

/**
 * Up to `limit` commits reachable from `ref`, newest first (first-parent), each with the paths it
 * changed — one `git log --name-only` for all of them, merges diffed against their first parent.
 */
export async function listCommitsWithPaths(mirror: string, ref: string, limit: number, signal?: AbortSignal): Promise<CommitWithPaths[]> {
  const format = RECORD + ["%H", "%an <%ae>", "%cn <%ce>", "%cI", "%s"].join(SEPARATOR);
  const output = await runGit(
    ["log", "--first-parent", "--diff-merges=first-parent", "--name-only", "--no-renames", `--max-count=${limit}`, `--format=${format}`, ref, "--"],
    { cwd: mirror, signal },
  );
  return output
    .split(RECORD)
    .filter((record) => record.trim() !== "")
    .map((record) => {
      const [header, ...paths] = record.split("\n");
      const [id, author, committer, creatorDate, subject] = header!.split(SEPARATOR);
      return { id: id!, author: author!, committer: committer!, creatorDate: creatorDate!, subject: subject ?? "", paths: paths.filter((path) => path !== "") };
    });
}

/** Tagger and first annotation line of an annotated tag; undefined for a lightweight one. */
export async function describeTag(
  mirror: string,
  tag: string,
  signal?: AbortSignal,
): Promise<{ tagger: string; annotation: string; creatorDate: string } | undefined> {
  const output = await runGit(
    [
      "for-each-ref",
      `--format=%(objecttype)${SEPARATOR}%(taggername) %(taggeremail)${SEPARATOR}%(contents:subject)${SEPARATOR}%(taggerdate:iso-strict)`,
      `refs/tags/${tag}`,
    ],
    { cwd: mirror, signal },
  );
  const [type, tagger, annotation, date] = output.trim().split(SEPARATOR);
  return type === "tag" ? { tagger: tagger ?? "", annotation: annotation ?? "", creatorDate: date ?? "" } : undefined;
}
