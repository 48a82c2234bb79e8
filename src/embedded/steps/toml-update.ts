import { writeFile } from "node:fs/promises";
import { parse, stringify } from "smol-toml";
import { readParsedStepFile } from "./read-step-file.js";
import { resolveWorkPath } from "./resolve-work-path.js";
import { setAtPath } from "./set-at-path.js";
import { tomlReason } from "./toml-parse.js";
import { splitKey } from "./split-key.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/**
 * `toml-update`: sets `updates[].key` (TOML dot path) to `value` in a TOML file, through smol-toml
 * (a maintained TOML 1.0 parser and serializer; comments are not kept). Output `commitMessage`.
 */
export const tomlUpdate: StepRunner = async (raw, context) => {
  const config = new StepConfig("toml-update", raw);
  const relativePath = config.string("path");
  const path = resolveWorkPath(context.workDir, relativePath, "toml-update");
  const updates = config.list("updates", true);
  for (const update of updates) update.string("key");
  const document: Record<string, unknown> = await readParsedStepFile(config, path, relativePath, "TOML", parse, tomlReason);
  const lines: string[] = [];
  for (const update of updates) {
    const key = update.string("key");
    const value = update.raw["value"];
    if (value === undefined || value === null) update.fail("value is required (TOML has no null)");
    setAtPath(document, splitKey(key), value, (message) => update.fail(`key "${key}": ${message}`));
    lines.push(`- ${key}: ${JSON.stringify(value)}`);
  }
  await writeFile(path, stringify(document));
  return { output: { commitMessage: `Updated ${relativePath}\n\n${lines.join("\n")}` } };
};
