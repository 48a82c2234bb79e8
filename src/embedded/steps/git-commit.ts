import { DEFAULT_GIT_IDENTITY, gitIdentityEnv, runGit } from "../git/run-git.js";
import { resolveWorkPath } from "./resolve-work-path.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/**
 * `git-commit`: stages everything in the checkout at `path` and commits it with `message` and an
 * optional `author {name, email}` (default the engine's identity). Output `commit`: the new commit's
 * ID — or, when nothing changed, the current HEAD's, as Kargo does, so re-running a promotion that
 * already committed is not an error.
 */
export const gitCommit: StepRunner = async (raw, context) => {
  const config = new StepConfig("git-commit", raw);
  const path = resolveWorkPath(context.workDir, config.string("path"), "git-commit");
  const message = config.string("message");
  const author = raw.author !== undefined && raw.author !== null ? new StepConfig("git-commit", raw.author as Record<string, unknown>).at("author") : undefined;
  const name = author?.optionalString("name") ?? DEFAULT_GIT_IDENTITY.name;
  const email = author?.optionalString("email") ?? DEFAULT_GIT_IDENTITY.email;
  const git = (args: string[]) => runGit(args, { cwd: path, signal: context.signal, env: gitIdentityEnv(name, email) });
  await git(["add", "--all", "."]);
  const staged = await git(["diff", "--cached", "--name-only"]);
  const hasHead = await git(["rev-parse", "--verify", "--quiet", "HEAD"]).then(
    () => true,
    () => false,
  );
  if (staged.trim() === "" && hasHead) return { output: { commit: (await git(["rev-parse", "HEAD"])).trim() } };
  await git(["commit", "--quiet", "--allow-empty", "--no-verify", "-m", message]);
  return { output: { commit: (await git(["rev-parse", "HEAD"])).trim() } };
};
