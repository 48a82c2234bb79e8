import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { isExpressionError } from "../../../domain/expressions/index.js";
import { stepAlias } from "../../../domain/inflate-promotion-steps.js";
import type { PreviewStep, PromotionPreview, RepositoryDiff } from "../../../domain/promotion-preview.js";
import type { Freight, Promotion } from "../../../domain/types.js";
import type { KargoClient } from "../../../kube/object-clients.js";
import { rfc3339 } from "../../../util/rfc3339.js";
import { runGit } from "../../git/run-git.js";
import { type CustomSteps, resolveStepRunner } from "../../steps/resolve-step-runner.js";
import { externalEffectOf } from "../../steps/step-effects.js";
import { isStepFailure, type StepContext } from "../../steps/step-types.js";
import { findGitCredentials } from "../find-git-credentials.js";
import { prepareStep } from "./run-promotion.js";
import { evaluateVariables, type PromotionScope, stepEnvironment } from "./step-environment.js";
import type { StepExecutionMetadata } from "./step-outcome.js";

/** Most bytes of one repository's diff returned; a longer diff is cut and marked truncated. */
export const MAX_PREVIEW_DIFF_BYTES = 1024 * 1024;
/** How deep under the work directory checkouts are looked for (git-clone paths are short). */
const MAX_CHECKOUT_DEPTH = 4;

/** What previewPromotion needs. */
export interface PreviewDeps {
  /** Reads credentials (`cred-type: git` Secrets) as the promotion would; nothing is written. */
  readonly client: KargoClient;
  readonly signal: AbortSignal;
  /** Parent of the scratch work directory; the system's temporary directory by default. */
  readonly scratchRoot?: string;
  /** CustomPromotionSteps: found (and failed when disabled) as the promotion would, but never run. */
  readonly customSteps?: CustomSteps;
}

/**
 * Runs a Promotion's steps for its Freight in a scratch work directory, as runPromotion would
 * (same step evaluation: prepareStep), but without effects outside that directory: a step whose
 * declared external effect (STEP_EFFECTS) applies to its config is skipped and reported, no
 * Kargo object is written (steps get no `objects`), nothing is retried, and the directory is
 * removed at the end. Returns each step's outcome and, for every git checkout the steps made,
 * the diff between the commit checked out and the checkout's HEAD — what git-push would send.
 */
export async function previewPromotion(promotion: Promotion, freight: Freight, deps: PreviewDeps): Promise<PromotionPreview> {
  const namespace = promotion.metadata.namespace ?? "";
  const steps = promotion.spec.steps ?? [];
  const metadata: StepExecutionMetadata[] = [];
  const scope: PromotionScope = { promotion, freight, vars: {}, outputs: {}, metadata, failed: false };
  const results: PreviewStep[] = [];
  const workDir = await mkdtemp(join(deps.scratchRoot ?? tmpdir(), "kargo-preview-"));
  const bases = new Map<string, string>();
  let failure: { phase: "Failed" | "Errored"; message: string } | undefined;
  try {
    try {
      scope.vars = evaluateVariables(promotion.spec.vars ?? [], {}, (vars) => stepEnvironment({ ...scope, vars }, ""));
    } catch (error) {
      if (!isExpressionError(error)) throw error;
      return { phase: "Errored", message: `promotion vars: ${error.message}`, steps: results, repositories: [] };
    }
    const context: StepContext = {
      workDir,
      project: namespace,
      stage: promotion.spec.stage,
      promotion: promotion.metadata.name ?? "",
      freight,
      signal: deps.signal,
      gitCredentials: (repoURL) => findGitCredentials(deps.client, namespace, repoURL),
    };
    for (let index = 0; index < steps.length; index++) {
      deps.signal.throwIfAborted();
      const step = steps[index]!;
      const alias = stepAlias(step, index);
      const result: PreviewStep = { alias, uses: step.uses ?? "", status: "Skipped" };
      results.push(result);
      const entry: StepExecutionMetadata = { alias, startedAt: rfc3339(new Date()), status: "Running" };
      metadata.push(entry);
      const prepared = prepareStep(step, alias, scope);
      if (prepared !== "skipped" && "status" in prepared) {
        result.status = prepared.status === "Failed" ? "Failed" : "Errored";
        if (prepared.message !== undefined) result.message = prepared.message;
      } else if (prepared !== "skipped") {
        const resolved = await resolveStepRunner(step.uses, deps.customSteps);
        // A custom step runs an arbitrary command: its effects are unknown, so it counts as having some.
        const effect =
          "failure" in resolved
            ? undefined
            : resolved.custom
              ? `runs the command of custom promotion step "${step.uses}", whose effects are not declared`
              : externalEffectOf(step.uses ?? "", prepared.config);
        if ("failure" in resolved) {
          result.status = "Failed";
          result.message = resolved.failure;
        } else if (effect !== undefined) {
          result.externalEffect = effect;
          result.message = `not run by the preview: it ${effect}`;
        } else {
          try {
            const ran = await resolved.runner(prepared.config, context);
            result.status = "Succeeded";
            if (ran.output) {
              result.output = ran.output;
              scope.outputs[alias] = ran.output;
            }
            await recordCheckouts(workDir, bases, deps.signal);
          } catch (error) {
            deps.signal.throwIfAborted();
            result.status = isStepFailure(error) ? "Failed" : "Errored";
            result.message = error instanceof Error ? error.message : String(error);
          }
        }
      }
      entry.status = result.status;
      if (result.status !== "Succeeded" && result.status !== "Skipped" && !step.continueOnError && !failure) {
        scope.failed = true;
        failure = {
          phase: result.status === "Failed" ? "Failed" : "Errored",
          message: `step "${alias}" ${result.status === "Failed" ? "failed" : "errored"}: ${result.message ?? ""}`,
        };
      }
    }
    const repositories: RepositoryDiff[] = [];
    for (const [path, base] of bases) repositories.push(await repositoryDiff(workDir, path, base, deps.signal));
    const skipped = results.filter((step) => step.externalEffect !== undefined).length;
    const message = failure?.message ?? `All steps completed${skipped > 0 ? ` (${skipped} with external effects not run)` : ""}`;
    return { phase: failure?.phase ?? "Succeeded", message, steps: results, repositories };
  } finally {
    await rm(workDir, { recursive: true, force: true }).catch(() => {});
  }
}

/** Records the commit of every checkout that appeared in the work directory since the last call. */
async function recordCheckouts(workDir: string, bases: Map<string, string>, signal: AbortSignal): Promise<void> {
  for (const path of await findCheckouts(workDir, MAX_CHECKOUT_DEPTH)) {
    if (bases.has(path)) continue;
    // A new orphan branch (git-clone create: true) has no commit yet: "" stands for the empty tree.
    bases.set(path, (await runGit(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], { cwd: path, signal }).catch(() => "")).trim());
  }
}

/** Directories under `dir` (to `depth` levels) holding a `.git`; a checkout's own subdirectories are not searched. */
async function findCheckouts(dir: string, depth: number): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  if (entries.some((entry) => entry.name === ".git")) return [dir];
  if (depth === 0) return [];
  const found: string[] = [];
  for (const entry of entries) if (entry.isDirectory()) found.push(...(await findCheckouts(join(dir, entry.name), depth - 1)));
  return found;
}

async function repositoryDiff(workDir: string, path: string, baseCommit: string, signal: AbortSignal): Promise<RepositoryDiff> {
  const git = (args: string[]) => runGit(args, { cwd: path, signal });
  const headCommit = (await git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]).catch(() => "")).trim();
  const repoURL = (await git(["remote", "get-url", "origin"]).catch(() => "")).trim();
  const branch = (await git(["symbolic-ref", "--quiet", "--short", "HEAD"]).catch(() => "")).trim();
  let diff = "";
  if (headCommit !== "" && headCommit !== baseCommit) {
    // The same diff `git show` prints for the commit the promotion pushes (renames detected, no colour).
    const base = baseCommit !== "" ? baseCommit : (await git(["hash-object", "-t", "tree", "/dev/null"])).trim();
    diff = await git(["diff", "--no-color", "--no-ext-diff", "--find-renames", base, headCommit]);
  }
  const bytes = Buffer.from(diff);
  const truncated = bytes.byteLength > MAX_PREVIEW_DIFF_BYTES;
  return {
    path: relative(workDir, path),
    repoURL,
    branch,
    baseCommit,
    headCommit,
    diff: truncated ? bytes.subarray(0, MAX_PREVIEW_DIFF_BYTES).toString() : diff,
    truncated,
  };
}
