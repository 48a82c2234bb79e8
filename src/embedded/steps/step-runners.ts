import { composeOutput } from "./compose-output.js";
import { copy } from "./copy.js";
import { deletePath } from "./delete.js";
import { gitClear } from "./git-clear.js";
import { gitClone } from "./git-clone.js";
import { gitCommit } from "./git-commit.js";
import { gitPush } from "./git-push.js";
import { kustomizeBuild } from "./kustomize-build.js";
import { kustomizeSetImage } from "./kustomize-set-image.js";
import type { StepRunner } from "./step-types.js";
import { yamlUpdate } from "./yaml-update.js";

/**
 * The steps the embedded engine runs, by their Kargo name (`uses`). Anything else — argocd-update,
 * helm-*, http … — fails the promotion with a message naming it (see unsupportedStepMessage).
 */
export const STEP_RUNNERS: ReadonlyMap<string, StepRunner> = new Map([
  ["git-clone", gitClone],
  ["git-clear", gitClear],
  ["git-commit", gitCommit],
  ["git-push", gitPush],
  ["yaml-update", yamlUpdate],
  ["kustomize-set-image", kustomizeSetImage],
  ["kustomize-build", kustomizeBuild],
  ["copy", copy],
  ["delete", deletePath],
  ["compose-output", composeOutput],
]);

/** The message of a promotion that uses a step the engine cannot run. */
export function unsupportedStepMessage(uses: string): string {
  return `step "${uses}" is not supported by the embedded engine (supported: ${[...STEP_RUNNERS.keys()].join(", ")})`;
}
