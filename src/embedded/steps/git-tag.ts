import { DEFAULT_GIT_IDENTITY, gitIdentityEnv, runGit } from "../git/run-git.js";
import { resolveWorkPath } from "./resolve-work-path.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/**
 * `git-tag`: tags HEAD of the checkout at `path` with `tag` — an annotated tag (message: the tag),
 * by `tagger {name, email}` or the engine's identity, so that the next `git-push` carries it
 * (`--follow-tags`). An existing tag on the same commit is kept; on another commit it fails the
 * step. GPG signing (`tagger.signingKey`) is not supported and fails the step. Output `tag`.
 */
export const gitTag: StepRunner = async (raw, context) => {
  const config = new StepConfig("git-tag", raw);
  const path = resolveWorkPath(context.workDir, config.string("path"), "git-tag");
  const tag = config.string("tag");
  const tagger = raw.tagger !== undefined && raw.tagger !== null ? new StepConfig("git-tag", raw.tagger as Record<string, unknown>).at("tagger") : undefined;
  if (tagger?.optionalString("signingKey")) tagger.fail("signingKey: signed tags are not supported by the embedded engine");
  const env = gitIdentityEnv(tagger?.optionalString("name") ?? DEFAULT_GIT_IDENTITY.name, tagger?.optionalString("email") ?? DEFAULT_GIT_IDENTITY.email);
  const git = (args: string[]) => runGit(args, { cwd: path, signal: context.signal, env });
  await git(["check-ref-format", `refs/tags/${tag}`]).catch(() => config.fail(`config.tag "${tag}" is not a valid tag name`));
  const head = (await git(["rev-parse", "HEAD"])).trim();
  const existing = (await git(["rev-parse", "--verify", "--quiet", `refs/tags/${tag}^{commit}`]).catch(() => "")).trim();
  if (existing && existing !== head) config.fail(`tag "${tag}" already exists on commit ${existing.slice(0, 7)}, not on HEAD`);
  if (!existing) await git(["tag", "--annotate", "--message", tag, tag]);
  return { output: { tag } };
};
