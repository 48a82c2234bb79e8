import { rm, stat } from "node:fs/promises";
import { resolveWorkPath } from "./resolve-work-path.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/** `delete`: removes a file or directory in the work directory; with `strict: true` a missing path fails. */
export const deletePath: StepRunner = async (raw, context) => {
  const config = new StepConfig("delete", raw);
  const path = resolveWorkPath(context.workDir, config.string("path"), "delete");
  if (path === context.workDir) config.fail("refusing to delete the whole work directory");
  if (config.boolean("strict") && !(await stat(path).catch(() => undefined))) config.fail(`path "${config.string("path")}" does not exist`);
  await rm(path, { recursive: true, force: true });
  return {};
};
