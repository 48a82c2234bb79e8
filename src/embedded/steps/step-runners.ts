import { composeOutput } from "./compose-output.js";
import { copy } from "./copy.js";
import { deletePath } from "./delete.js";
import { gitClear } from "./git-clear.js";
import { gitClone } from "./git-clone.js";
import { gitCommit } from "./git-commit.js";
import { gitPush } from "./git-push.js";
import { gitTag } from "./git-tag.js";
import { kustomizeBuild } from "./kustomize-build.js";
import { kustomizeSetImage } from "./kustomize-set-image.js";
import type { StepRunner } from "./step-types.js";
import { yamlUpdate } from "./yaml-update.js";
import { fail } from "./fail.js";
import { fileWrite } from "./file-write.js";
import { http } from "./http.js";
import { httpDownload } from "./http-download.js";
import { jsonParse } from "./json-parse.js";
import { jsonUpdate } from "./json-update.js";
import { tomlParse } from "./toml-parse.js";
import { tomlUpdate } from "./toml-update.js";
import { untar } from "./untar.js";
import { ociDownload } from "./oci-download.js";
import { helmUpdateChart } from "./helm-update-chart.js";
import { ociPush } from "./oci-push.js";
import { tar } from "./tar.js";
import { setFreightAlias } from "./set-freight-alias.js";
import { setMetadata } from "./set-metadata.js";
import { UNREACHABLE_STEPS, unreachableStep } from "./unreachable-steps.js";
import { yamlMerge } from "./yaml-merge.js";
import { yamlParse } from "./yaml-parse.js";

/**
 * The steps the embedded engine runs, by their Kargo name (`uses`); the steps that need a system it
 * cannot reach (UNREACHABLE_STEPS) fail saying so and what to use instead. Anything else fails the
 * promotion with a message naming it (see unsupportedStepMessage).
 */
export const STEP_RUNNERS: ReadonlyMap<string, StepRunner> = new Map([
  ["git-clone", gitClone],
  ["git-clear", gitClear],
  ["git-commit", gitCommit],
  ["git-push", gitPush],
  ["git-tag", gitTag],
  ["yaml-update", yamlUpdate],
  ["kustomize-set-image", kustomizeSetImage],
  ["kustomize-build", kustomizeBuild],
  ["copy", copy],
  ["delete", deletePath],
  ["compose-output", composeOutput],
  ["fail", fail],
  ["file-write", fileWrite],
  ["http", http],
  ["http-download", httpDownload],
  ["json-parse", jsonParse],
  ["json-update", jsonUpdate],
  ["toml-parse", tomlParse],
  ["toml-update", tomlUpdate],
  ["helm-update-chart", helmUpdateChart],
  ["oci-download", ociDownload],
  ["oci-push", ociPush],
  ["tar", tar],
  ["untar", untar],
  ["set-metadata", setMetadata],
  ["set-freight-alias", setFreightAlias],
  ["yaml-merge", yamlMerge],
  ["yaml-parse", yamlParse],
  ...Object.keys(UNREACHABLE_STEPS).map((uses): [string, StepRunner] => [uses, unreachableStep(uses)]),
]);

/** The message of a promotion that uses a step the engine cannot run. */
export function unsupportedStepMessage(uses: string): string {
  const supported = [...STEP_RUNNERS.keys()].filter((name) => !(name in UNREACHABLE_STEPS));
  return `step "${uses}" is not supported by the embedded engine (supported: ${supported.join(", ")})`;
}
