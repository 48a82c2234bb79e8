import { stat } from "node:fs/promises";
import { join } from "node:path";
import { clearWorkTree } from "./clear-work-tree.js";
import { resolveWorkPath } from "./resolve-work-path.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/** `git-clear`: empties a checkout's working tree (all but `.git`), e.g. before rendering into it. */
export const gitClear: StepRunner = async (raw, context) => {
  const config = new StepConfig("git-clear", raw);
  const path = resolveWorkPath(context.workDir, config.string("path"), "git-clear");
  if (!(await stat(join(path, ".git")).catch(() => undefined))) throw config.error(`path "${config.string("path")}" is not a git checkout`);
  await clearWorkTree(path);
  return {};
};
