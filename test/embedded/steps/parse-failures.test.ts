import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jsonParse } from "../../../src/embedded/steps/json-parse.js";
import { jsonUpdate } from "../../../src/embedded/steps/json-update.js";
import { isStepFailure, type StepRunner } from "../../../src/embedded/steps/step-types.js";
import { tomlParse } from "../../../src/embedded/steps/toml-parse.js";
import { tomlUpdate } from "../../../src/embedded/steps/toml-update.js";
import { yamlParse } from "../../../src/embedded/steps/yaml-parse.js";
import { stepContext } from "./support/step-context.js";

// A parse or update step whose file does not parse fails naming the file, the format and why.
describe("parse and update steps on a file that does not parse", () => {
  let work: string;
  const context = () => stepContext(work);
  const failure = async (step: StepRunner, config: Record<string, unknown>): Promise<string> => {
    const error = await step(config, context()).catch((e: unknown) => e);
    expect(isStepFailure(error)).toBe(true);
    return (error as Error).message;
  };

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "kargo-step-"));
    writeFileSync(join(work, "bad.json"), '{"a": ');
    writeFileSync(join(work, "bad.toml"), "a = = 1\nb = 2\n");
    writeFileSync(join(work, "bad.yaml"), "a: [1, 2\n");
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("json-parse and json-update", async () => {
    const outputs = [{ name: "a", fromExpression: "a" }];
    expect(await failure(jsonParse, { path: "./bad.json", outputs })).toMatch(/^step "json-parse": file "\.\/bad\.json" is not valid JSON: \S/u);
    const updates = [{ key: "a", value: 1 }];
    expect(await failure(jsonUpdate, { path: "./bad.json", updates })).toMatch(/^step "json-update": file "\.\/bad\.json" is not valid JSON: \S/u);
  });

  it("toml-parse and toml-update, with the first line of the parser's reason only", async () => {
    const parseMessage = await failure(tomlParse, { path: "./bad.toml", outputs: [{ name: "b", fromExpression: "b" }] });
    expect(parseMessage).toMatch(/^step "toml-parse": file "\.\/bad\.toml" is not valid TOML: \S[^\n]*$/u);
    const updateMessage = await failure(tomlUpdate, { path: "./bad.toml", updates: [{ key: "b", value: 3 }] });
    expect(updateMessage).toMatch(/^step "toml-update": file "\.\/bad\.toml" is not valid TOML: \S[^\n]*$/u);
  });

  it("yaml-parse", async () => {
    const message = await failure(yamlParse, { path: "./bad.yaml", outputs: [{ name: "a", fromExpression: "a" }] });
    expect(message).toMatch(/^step "yaml-parse": file "\.\/bad\.yaml" is not valid YAML: \S/u);
  });
});
