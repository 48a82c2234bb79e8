import { writeFile } from "node:fs/promises";
import { readParsedStepFile } from "./read-step-file.js";
import { resolveWorkPath } from "./resolve-work-path.js";
import { setAtPath } from "./set-at-path.js";
import { splitKey } from "./split-key.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/**
 * `json-update`: sets `updates[].key` (dot path, `\.` for a literal dot, list indexes as numbers)
 * to `value` in a JSON file, which is written back with two-space indentation. Output
 * `commitMessage` lists the changes (as yaml-update's).
 */
export const jsonUpdate: StepRunner = async (raw, context) => {
  const config = new StepConfig("json-update", raw);
  const relativePath = config.string("path");
  const path = resolveWorkPath(context.workDir, relativePath, "json-update");
  const updates = config.list("updates", true);
  for (const update of updates) update.string("key");
  const document = await readParsedStepFile(config, path, relativePath, "JSON", (text): unknown => JSON.parse(text));
  if (document === null || typeof document !== "object") config.fail(`file "${relativePath}" does not hold a JSON object or array`);
  const lines: string[] = [];
  for (const update of updates) {
    const key = update.string("key");
    if (!Object.hasOwn(update.raw, "value")) update.fail("value is required");
    setAtPath(document as Record<string, unknown>, splitKey(key), update.raw["value"], (message) => update.fail(`key "${key}": ${message}`));
    lines.push(`- ${key}: ${JSON.stringify(update.raw["value"])}`);
  }
  await writeFile(path, `${JSON.stringify(document, null, 2)}\n`);
  return { output: { commitMessage: `Updated ${relativePath}\n\n${lines.join("\n")}` } };
};
