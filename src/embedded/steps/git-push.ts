import { DEFAULT_GIT_IDENTITY, gitIdentityEnv, runGit, type GitError } from "../git/run-git.js";
import { credentialEnv } from "../git/credential-env.js";
import { resolveWorkPath } from "./resolve-work-path.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * `git-push`: pushes the checkout at `path` to its `origin` (any remote git reaches: file://,
 * https://, ssh). The target branch is `targetBranch`, else `kargo/promotion/<promotion>` with
 * `generateTargetBranch: true`, else the checkout's current branch. When the remote moved meanwhile
 * (non-fast-forward), it fetches, rebases and tries again, up to `maxAttempts` (default 5).
 * Outputs `branch` and `commit` (the pushed commit ID).
 */
export const gitPush: StepRunner = async (raw, context) => {
  const config = new StepConfig("git-push", raw);
  const path = resolveWorkPath(context.workDir, config.string("path"), "git-push");
  const identity = gitIdentityEnv(DEFAULT_GIT_IDENTITY.name, DEFAULT_GIT_IDENTITY.email);
  const remote = (await runGit(["remote", "get-url", "origin"], { cwd: path, signal: context.signal })).trim();
  const auth = credentialEnv(remote, await context.gitCredentials(remote));
  const git = (args: string[]) => runGit(args, { cwd: path, signal: context.signal, env: { ...identity, ...auth } });
  let branch = config.optionalString("targetBranch");
  if (branch === undefined && config.boolean("generateTargetBranch")) branch = `kargo/promotion/${context.promotion}`;
  if (branch === undefined) {
    branch = (await git(["symbolic-ref", "--quiet", "--short", "HEAD"]).catch(() => "")).trim();
    if (branch === "") config.fail("the checkout is not on a branch (detached HEAD): set targetBranch or generateTargetBranch");
  }
  const maxAttempts = typeof raw.maxAttempts === "number" && raw.maxAttempts > 0 ? raw.maxAttempts : DEFAULT_MAX_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    try {
      // --follow-tags carries the annotated tags git-tag made on the pushed commits.
      await git(["push", "--follow-tags", "origin", `HEAD:refs/heads/${branch}`]);
      break;
    } catch (error) {
      // git reports a moved branch as "[rejected] … (fetch first|non-fast-forward)", and a branch
      // another push is updating at the same moment as "[remote rejected] … (failed to update ref)".
      const rejected = /non-fast-forward|fetch first|rejected/iu.test((error as GitError).stderr ?? (error as Error).message);
      if (!rejected || attempt >= maxAttempts) throw error;
      // Someone pushed to the branch meanwhile: put our commits on top of theirs and retry.
      await git(["fetch", "--quiet", "origin", `refs/heads/${branch}`]);
      await git(["rebase", "--quiet", "FETCH_HEAD"]);
    }
  }
  return { output: { branch, commit: (await git(["rev-parse", "HEAD"])).trim() } };
};
