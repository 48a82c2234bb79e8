import { isAbsolute, relative, resolve } from "node:path";
import { StepFailure } from "./step-types.js";

/**
 * The absolute path of a step's relative `path` inside the work directory. A path that is
 * absolute or climbs out (`../..`) is refused: a promotion may only touch its own work directory.
 */
export function resolveWorkPath(workDir: string, path: string, step: string): string {
  if (isAbsolute(path)) throw new StepFailure(`step "${step}": path "${path}" must be relative to the promotion's work directory`);
  const absolute = resolve(workDir, path);
  const inside = relative(workDir, absolute);
  if (inside.startsWith("..") || isAbsolute(inside)) throw new StepFailure(`step "${step}": path "${path}" leaves the promotion's work directory`);
  return absolute;
}
