import { parse } from "smol-toml";
import { documentEnv } from "./json-parse.js";
import { readStepFile } from "./read-step-file.js";
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
  const text = await readStepFile(config, resolveWorkPath(context.workDir, relativePath, "toml-parse"), relativePath);
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    config.fail(`file "${relativePath}" is not valid TOML: ${(error as Error).message.split("\n")[0]}`);
  }
  return { output: stepOutputs(config, documentEnv(JSON.parse(JSON.stringify(document)))) };
};
