import type { StepContext } from "../../../../src/embedded/steps/step-types.js";

/** A context for calling one step directly in `workDir`: no credentials, no object writes, not aborted. */
export function stepContext(workDir: string, overrides: Partial<StepContext> = {}): StepContext {
  return {
    workDir,
    project: "p",
    stage: "test",
    promotion: "test.01abc.1234567",
    freight: { metadata: { name: "f" }, origin: { kind: "Warehouse", name: "w" } },
    signal: new AbortController().signal,
    gitCredentials: async () => undefined,
    ...overrides,
  };
}
