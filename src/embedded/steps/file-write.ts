import { mkdir, writeFile, chmod } from "node:fs/promises";
import { dirname } from "node:path";
import { resolveWorkPath } from "./resolve-work-path.js";
import { refuseOverwrite } from "./refuse-overwrite.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/**
 * `file-write`: writes `contents` to `path` (directories created), mode `permissions` (octal
 * string, default 0600); an existing file is replaced only with `overwrite: true`.
 */
export const fileWrite: StepRunner = async (raw, context) => {
  const config = new StepConfig("file-write", raw);
  const relativePath = config.string("path");
  const path = resolveWorkPath(context.workDir, relativePath, "file-write");
  const contents = config.raw["contents"];
  if (typeof contents !== "string") config.fail("config.contents is required and must be a string");
  const permissions = config.optionalString("permissions") ?? "0600";
  if (!/^0[0-7]{3}$/.test(permissions)) config.fail(`config.permissions "${permissions}" must be an octal mode such as 0644`);
  await refuseOverwrite(config, "overwrite", path, relativePath);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, contents as string, { mode: Number.parseInt(permissions, 8) });
  await chmod(path, Number.parseInt(permissions, 8));
  return {};
};
