import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { isMap, parseDocument, type Document } from "yaml";
import { pathExists } from "./path-exists.js";
import { readStepFile } from "./read-step-file.js";
import { resolveWorkPath } from "./resolve-work-path.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/**
 * `yaml-merge`: merges `inFiles` in order into `outFile` — maps deeply, later files winning; any
 * other value (lists included) replaced whole — keeping the first file's comments. A missing input
 * fails the step unless `ignoreMissingFiles`.
 */
export const yamlMerge: StepRunner = async (raw, context) => {
  const config = new StepConfig("yaml-merge", raw);
  const inFiles = config.raw["inFiles"];
  if (!Array.isArray(inFiles) || inFiles.length === 0 || inFiles.some((f) => typeof f !== "string" || f === ""))
    config.fail("config.inFiles must be a non-empty list of paths");
  const outFile = config.string("outFile");
  const outPath = resolveWorkPath(context.workDir, outFile, "yaml-merge");
  let merged: Document | undefined;
  for (const file of inFiles as string[]) {
    const path = resolveWorkPath(context.workDir, file, "yaml-merge");
    if (config.boolean("ignoreMissingFiles") && !(await pathExists(path))) continue;
    const document = parseDocument(await readStepFile(config, path, file));
    if (document.errors.length > 0) config.fail(`file "${file}" is not valid YAML: ${document.errors[0]!.message}`);
    if (document.contents !== null && !isMap(document.contents)) config.fail(`file "${file}" does not hold a YAML map`);
    if (!merged) merged = document;
    else mergeInto(merged, document.toJS({ maxAliasCount: 100 }) as Record<string, unknown> | null, []); // bounds alias expansion
  }
  await mkdir(dirname(outPath), { recursive: true });
  await writeFile(outPath, merged ? merged.toString() : "{}\n");
  return {};
};

function mergeInto(target: Document, source: Record<string, unknown> | null, path: string[]): void {
  for (const [key, value] of Object.entries(source ?? {})) {
    const at = [...path, key];
    const current = target.getIn(at, true);
    if (value !== null && typeof value === "object" && !Array.isArray(value) && isMap(current)) mergeInto(target, value as Record<string, unknown>, at);
    else target.setIn(at, value);
  }
}
