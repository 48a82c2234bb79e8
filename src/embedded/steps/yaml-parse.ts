import { parse } from "yaml";
import { documentEnv } from "./json-parse.js";
import { readParsedStepFile } from "./read-step-file.js";
import { resolveWorkPath } from "./resolve-work-path.js";
import { checkOutputs, stepOutputs } from "./step-outputs.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/** `yaml-parse`: reads a YAML file and sets each `outputs[]` from an expression over its top-level keys. */
export const yamlParse: StepRunner = async (raw, context) => {
  const config = new StepConfig("yaml-parse", raw);
  const relativePath = config.string("path");
  checkOutputs(config);
  const path = resolveWorkPath(context.workDir, relativePath, "yaml-parse");
  // maxAliasCount bounds alias expansion ("billion laughs").
  const document = await readParsedStepFile(config, path, relativePath, "YAML", (text): unknown => parse(text, { maxAliasCount: 100 }));
  return { output: stepOutputs(config, documentEnv(document)) };
};
