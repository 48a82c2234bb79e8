import { parse } from "yaml";
import { documentEnv } from "./json-parse.js";
import { readStepFile } from "./read-step-file.js";
import { resolveWorkPath } from "./resolve-work-path.js";
import { checkOutputs, stepOutputs } from "./step-outputs.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/** `yaml-parse`: reads a YAML file and sets each `outputs[]` from an expression over its top-level keys. */
export const yamlParse: StepRunner = async (raw, context) => {
  const config = new StepConfig("yaml-parse", raw);
  const relativePath = config.string("path");
  checkOutputs(config);
  const text = await readStepFile(config, resolveWorkPath(context.workDir, relativePath, "yaml-parse"), relativePath);
  let document: unknown;
  try {
    // maxAliasCount bounds alias expansion ("billion laughs").
    document = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    config.fail(`file "${relativePath}" is not valid YAML: ${(error as Error).message}`);
  }
  return { output: stepOutputs(config, documentEnv(document)) };
};
