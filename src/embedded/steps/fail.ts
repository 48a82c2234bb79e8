import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/** `fail`: fails the promotion on purpose, with `message` (default "step failed") as the reason. */
export const fail: StepRunner = async (raw) => {
  const config = new StepConfig("fail", raw);
  throw config.error(config.optionalString("message") || "failed by the fail step");
};
