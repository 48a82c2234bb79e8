import { pathExists } from "./path-exists.js";
import type { StepConfig } from "./step-config.js";

/**
 * Fails the step when something is at `path` and the step's boolean `option` (`overwrite`,
 * `allowOverwrite`) is not true; `shownPath` is the path as the step's config gave it.
 */
export async function refuseOverwrite(config: StepConfig, option: string, path: string, shownPath: string): Promise<void> {
  if (!config.boolean(option) && (await pathExists(path))) config.fail(`file "${shownPath}" exists (set ${option}: true to replace it)`);
}
