import { mkdir, readdir } from "node:fs/promises";
import { dirname } from "node:path";
import { DEFAULT_GIT_IDENTITY, gitIdentityEnv, runGit } from "../git/run-git.js";
import { credentialEnv } from "../git/credential-env.js";
import { clearWorkTree } from "./clear-work-tree.js";
import { resolveWorkPath } from "./resolve-work-path.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";
import { findCommit } from "./find-artifact.js";

/**
 * `git-clone`: checks out one or more refs of `repoURL` into paths of the work directory. Each
 * `checkout[]` entry names a `branch`, a `tag`, a `commit`, or `fromFreight: true` (the commit of
 * this repository in the Freight being promoted), plus its `path`. With `create: true` a branch the
 * remote does not have yet becomes a new orphan branch with an empty tree (the usual way to start
 * a stage branch). Each entry is its own clone, so later git steps work in it independently and
 * git-push knows the remote as `origin`.
 */
export const gitClone: StepRunner = async (raw, context) => {
  const config = new StepConfig("git-clone", raw);
  const repoURL = config.string("repoURL");
  const checkouts = config.list("checkout", true);
  const auth = credentialEnv(repoURL, await context.gitCredentials(repoURL));
  for (const checkout of checkouts) {
    const path = resolveWorkPath(context.workDir, checkout.string("path"), "git-clone");
    if ((await readdir(path).catch(() => [])).length > 0) throw checkout.error(`path "${checkout.string("path")}" already exists and is not empty`);
    await mkdir(dirname(path), { recursive: true });
    const branch = checkout.optionalString("branch");
    const tag = checkout.optionalString("tag");
    let commit = checkout.optionalString("commit");
    if (checkout.boolean("fromFreight")) {
      const found = findCommit(context.freight, repoURL);
      if (!found?.id) throw checkout.error(`the Freight being promoted has no commit from ${repoURL}`);
      commit = found.id;
    }
    if ([branch, tag, commit].filter((x) => x !== undefined).length > 1) throw checkout.error("set only one of branch, tag, commit or fromFreight");
    const git = (args: string[], cwd?: string) =>
      runGit(args, { cwd, signal: context.signal, env: { ...gitIdentityEnv(DEFAULT_GIT_IDENTITY.name, DEFAULT_GIT_IDENTITY.email), ...auth } });
    if (branch !== undefined) {
      try {
        await git(["clone", "--quiet", "--no-tags", "--single-branch", "--branch", branch, "--", repoURL, path]);
      } catch (error) {
        if (!checkout.boolean("create") || !/Remote branch .* not found|could not find remote branch/iu.test(String((error as Error).message))) throw error;
        // The branch does not exist yet: start it as an orphan with an empty tree.
        await git(["clone", "--quiet", "--no-tags", "--no-checkout", "--", repoURL, path]);
        await git(["checkout", "--quiet", "--orphan", branch], path);
        await clearWorkTree(path);
      }
      continue;
    }
    await git(["clone", "--quiet", "--no-checkout", "--", repoURL, path]);
    await git(["checkout", "--quiet", "--detach", tag !== undefined ? `refs/tags/${tag}` : (commit ?? "HEAD")], path);
  }
  return {};
};
