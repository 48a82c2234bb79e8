import { createInterface } from "node:readline/promises";
import { UsageError } from "../cli-errors.js";
import type { CliContext } from "../cli-context.js";
import type { Command } from "../command.js";
import { pipelineManifest, type PipelineSpec } from "../init-pipeline.js";
import { printResourceResults } from "../print-resource-results.js";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** `kargo-api init`: a project with a working pipeline, from flags or prompts on a terminal. */
export const init: Command = {
  name: "init",
  summary: "create a project with a pipeline: a Warehouse and Stages test → uat → prod",
  usage: `kargo-api init [PROJECT] (--git-repo URL | --image REPO | both) [--git-branch main] [--path DIR]
                 [--stages test,uat,prod] [--no-auto-promote] [--dry-run]

Creates the Project, a Warehouse subscribed to the Git repository and/or the image, and Stages in a
line (each takes Freight verified in the one before; the first auto-promotes new Freight). With a Git
repository, a promotion renders DIR of the Freight's commit (with the image's new tag set by
kustomize-set-image when --image is given too) onto the branch stage/<project>/<stage> and pushes it; with an
image only, it records the image reference (compose-output). On a terminal, what is missing is asked
for. Prints every object created; --dry-run prints the manifest instead (kargo-api apply -f takes it).`,
  options: {
    "git-repo": { type: "string" },
    "git-branch": { type: "string" },
    path: { type: "string" },
    image: { type: "string" },
    stages: { type: "string" },
    "no-auto-promote": { type: "boolean" },
    "dry-run": { type: "boolean" },
  },
  async run(context, { values, positionals }) {
    if (positionals.length > 1) throw new UsageError(`init takes one PROJECT, got "${positionals.join(" ")}"`);
    const answers = await askMissing(context, {
      project: positionals[0] ?? (values["project"] as string | undefined) ?? "",
      gitRepo: values["git-repo"] as string | undefined,
      image: values["image"] as string | undefined,
    });
    const spec: PipelineSpec = {
      project: answers.project,
      gitRepo: answers.gitRepo || undefined,
      gitBranch: (values["git-branch"] as string | undefined) ?? "main",
      path: ((values["path"] as string | undefined) ?? ".").replace(/^\.\/|\/+$/g, "") || ".",
      image: answers.image || undefined,
      stages: ((values["stages"] as string | undefined) ?? "test,uat,prod")
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== ""),
      autoPromote: values["no-auto-promote"] !== true,
    };
    validate(spec);
    const manifest = pipelineManifest(spec);
    if (values["dry-run"]) {
      context.io.stdout.write(manifest);
      return;
    }
    const { results } = await (await context.client()).resources.createResource({ manifest: new TextEncoder().encode(manifest) });
    printResourceResults(context, results);
    if (context.output === "table") {
      context.print();
      context.print(`Pipeline ${spec.stages.join(" → ")} created in project ${spec.project}. Next:`);
      context.print(`  kargo-api get freight -p ${spec.project}            Freight the Warehouse discovered`);
      context.print(`  kargo-api watch promotions -p ${spec.project}       promotions as they run`);
      context.print(`  kargo-api promote -p ${spec.project} --stage ${spec.stages[1] ?? spec.stages[0]} --freight-alias ALIAS`);
    }
  },
};

interface Answers {
  project: string;
  gitRepo: string | undefined;
  image: string | undefined;
}

/** On a terminal, prompts (on stderr) for the project and the sources not given as flags. */
async function askMissing(context: CliContext, given: Answers): Promise<Answers> {
  const { stdin, stderr } = context.io;
  const needsProject = given.project === "";
  const needsSource = given.gitRepo === undefined && given.image === undefined;
  if (!needsProject && !needsSource) return given;
  if (!stdin.isTTY) {
    throw new UsageError(
      needsProject
        ? "init needs a PROJECT name (or run it on a terminal to be asked)"
        : "init needs --git-repo URL and/or --image REPO (or run it on a terminal to be asked)",
    );
  }
  const rl = createInterface({ input: stdin as NodeJS.ReadableStream, output: stderr as NodeJS.WritableStream, terminal: true });
  const onAbort = () => rl.close();
  context.io.signal.addEventListener("abort", onAbort, { once: true });
  try {
    const answers = { ...given };
    if (needsProject) answers.project = (await rl.question("Project name: ")).trim();
    if (needsSource) {
      answers.gitRepo = (await rl.question("Git repository URL (empty for none): ")).trim();
      answers.image = (await rl.question("Container image repository (empty for none): ")).trim();
    }
    return answers;
  } finally {
    context.io.signal.removeEventListener("abort", onAbort);
    rl.close();
  }
}

function validate(spec: PipelineSpec): void {
  if (!DNS_LABEL.test(spec.project)) throw new UsageError(`a project name is a DNS label (lower-case letters, digits, -), got "${spec.project}"`);
  if (!spec.gitRepo && !spec.image) throw new UsageError("init needs a Git repository (--git-repo) or an image (--image), or both");
  if (spec.stages.length === 0) throw new UsageError("--stages needs at least one name");
  for (const stage of spec.stages) if (!DNS_LABEL.test(stage)) throw new UsageError(`a stage name is a DNS label, got "${stage}"`);
  if (new Set(spec.stages).size !== spec.stages.length) throw new UsageError(`--stages lists a name twice: ${spec.stages.join(",")}`);
  if (spec.gitRepo && !/^(https?|ssh|git|file):\/\/|^[\w.-]+@[\w.-]+:/.test(spec.gitRepo))
    throw new UsageError(`--git-repo must be a repository URL, got "${spec.gitRepo}"`);
  if (spec.path.split("/").includes("..")) throw new UsageError(`--path must stay inside the repository, got "${spec.path}"`);
}
