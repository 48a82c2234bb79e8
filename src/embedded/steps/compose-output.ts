import type { StepRunner } from "./step-types.js";

/** `compose-output`: its (evaluated) config becomes its output, to name values for later steps. */
export const composeOutput: StepRunner = async (raw) => ({ output: { ...raw } });
