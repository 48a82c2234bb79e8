import { cp, mkdir, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { resolveWorkPath } from "./resolve-work-path.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/** `copy`: copies a file or directory (recursively) from `inPath` to `outPath` in the work directory. */
export const copy: StepRunner = async (raw, context) => {
  const config = new StepConfig("copy", raw);
  const inPath = resolveWorkPath(context.workDir, config.string("inPath"), "copy");
  const outPath = resolveWorkPath(context.workDir, config.string("outPath"), "copy");
  if (!(await stat(inPath).catch(() => undefined))) throw config.error(`inPath "${config.string("inPath")}" does not exist`);
  await mkdir(dirname(outPath), { recursive: true });
  // A checkout's .git is never copied: it would make the destination another repository.
  await cp(inPath, outPath, { recursive: true, force: true, filter: (source) => !/(^|\/)\.git$/u.test(source) });
  return {};
};
