import { parse } from "smol-toml";
import { documentEnv } from "./json-parse.js";
import { readParsedStepFile } from "./read-step-file.js";
import { resolveWorkPath } from "./resolve-work-path.js";
import { checkOutputs, stepOutputs } from "./step-outputs.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/**
 * `toml-parse`: reads a TOML file (smol-toml: a maintained, spec-compliant TOML 1.0 parser) and sets
 * each `outputs[]` from an expression over its top-level keys.
 */
export const tomlParse: StepRunner = async (raw, context) => {
  const config = new StepConfig("toml-parse", raw);
  const relativePath = config.string("path");
  checkOutputs(config);
  const path = resolveWorkPath(context.workDir, relativePath, "toml-parse");
  const document = await readParsedStepFile(config, path, relativePath, "TOML", parse, tomlReason);
  return { output: stepOutputs(config, documentEnv(JSON.parse(JSON.stringify(document)))) };
};

/** Why smol-toml refused a text: the first line of its message (the rest is a snippet of the file). */
export function tomlReason(error: Error): string {
  return error.message.split("\n")[0]!;
}
