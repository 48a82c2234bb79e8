import { readParsedStepFile } from "./read-step-file.js";
import { resolveWorkPath } from "./resolve-work-path.js";
import { checkOutputs, stepOutputs } from "./step-outputs.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/** `json-parse`: reads a JSON file and sets each `outputs[]` from an expression over its top-level keys. */
export const jsonParse: StepRunner = async (raw, context) => {
  const config = new StepConfig("json-parse", raw);
  const relativePath = config.string("path");
  checkOutputs(config);
  const path = resolveWorkPath(context.workDir, relativePath, "json-parse");
  const document = await readParsedStepFile(config, path, relativePath, "JSON", (text): unknown => JSON.parse(text));
  return { output: stepOutputs(config, documentEnv(document)) };
};

/** The expression environment of a parsed document: its top-level keys (a non-map is `value`). */
export function documentEnv(document: unknown): Record<string, unknown> {
  return document !== null && typeof document === "object" && !Array.isArray(document) ? (document as Record<string, unknown>) : { value: document };
}
