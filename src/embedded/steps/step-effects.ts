import { UNREACHABLE_STEPS } from "./unreachable-steps.js";

/**
 * What a step with this (evaluated) config would change outside the promotion's work directory,
 * or undefined when it only reads the outside world (a clone, a download) and writes its work
 * directory. A promotion preview runs the steps with no external effect and skips the others,
 * reporting this text.
 */
export type ExternalEffect = (config: Record<string, unknown>) => string | undefined;

const NONE: ExternalEffect = () => undefined;
const always =
  (what: string): ExternalEffect =>
  () =>
    what;

/**
 * Every step of STEP_RUNNERS declares its external effects here; test/embedded/steps/step-effects.test.ts
 * fails when a runner has no declaration (so a new step cannot forget it), and a step without one
 * counts as having effects (externalEffectOf), so a preview fails closed.
 */
export const STEP_EFFECTS: ReadonlyMap<string, ExternalEffect> = new Map<string, ExternalEffect>([
  ["git-clone", NONE],
  ["git-clear", NONE],
  // A commit and a tag stay in the scratch clone until git-push sends them.
  ["git-commit", NONE],
  ["git-tag", NONE],
  ["git-push", always("pushes commits to the remote repository")],
  ["yaml-update", NONE],
  ["kustomize-set-image", NONE],
  ["kustomize-build", NONE],
  ["copy", NONE],
  ["delete", NONE],
  ["compose-output", NONE],
  ["fail", NONE],
  ["file-write", NONE],
  [
    "http",
    (config) => {
      const method = (typeof config["method"] === "string" ? config["method"] : "GET").toUpperCase();
      return method === "GET" || method === "HEAD" ? undefined : `sends an HTTP ${method} request`;
    },
  ],
  ["http-download", NONE],
  ["json-parse", NONE],
  ["json-update", NONE],
  ["toml-parse", NONE],
  ["toml-update", NONE],
  ["helm-update-chart", NONE],
  ["oci-download", NONE],
  ["oci-push", always("pushes an artifact to an OCI registry")],
  ["tar", NONE],
  ["untar", NONE],
  ["set-metadata", always("writes the metadata of a Stage or Freight")],
  ["set-freight-alias", always("changes a Freight's alias")],
  ["yaml-merge", NONE],
  ["yaml-parse", NONE],
  ...Object.keys(UNREACHABLE_STEPS).map((uses): [string, ExternalEffect] => [uses, always("acts on a system outside the embedded engine")]),
]);

/** The external effect of running step `uses` with `config`; a step that declares nothing is assumed to have one. */
export function externalEffectOf(uses: string, config: Record<string, unknown>): string | undefined {
  const effect = STEP_EFFECTS.get(uses);
  return effect ? effect(config) : `step "${uses}" declares no effects, so it is assumed to have some`;
}
