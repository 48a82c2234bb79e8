import { mkdir, stat } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { create } from "tar";
import { resolveWorkPath } from "./resolve-work-path.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/**
 * `tar`: archives `inPath` (a directory's contents, or one file) into `outPath` (replaced when it
 * exists), gzip-compressed unless `gzip: false`, through the maintained `tar` package; symbolic
 * links are stored as links, never followed. `ignore` (gitignore-style patterns) is not applied
 * and fails the step rather than archiving files the config meant to leave out.
 */
export const tar: StepRunner = async (raw, context) => {
  const config = new StepConfig("tar", raw);
  const inPath = config.string("inPath");
  const outPath = config.string("outPath");
  const source = resolveWorkPath(context.workDir, inPath, "tar");
  const target = resolveWorkPath(context.workDir, outPath, "tar");
  if (config.optionalString("ignore")) config.fail("config.ignore is not supported by the embedded engine");
  const gzip = config.raw["gzip"] === undefined ? true : config.boolean("gzip");
  const info = await stat(source).catch(() => config.fail(`path "${inPath}" does not exist`));
  await mkdir(dirname(target), { recursive: true });
  if (info.isDirectory()) await create({ file: target, cwd: source, gzip, portable: true }, ["."]);
  else await create({ file: target, cwd: dirname(source), gzip, portable: true }, [basename(source)]);
  return {};
};
