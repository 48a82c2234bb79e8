import { arr, int, obj, str, type ObjectSchema } from "../schema.js";
import { expressionVariable, freightOrigin, objectName, runnerStep } from "./common.js";
import { exactlyOneOf } from "./rules.js";

/**
 * The phases a Promotion passes through. The CRD types `status.phase` as a plain string; we check
 * it because only our own controllers write it in embedded mode, and a typo there would strand a
 * Promotion in a phase nothing handles.
 */
export const PROMOTION_PHASES: readonly string[] = ["Pending", "Running", "Succeeded", "Failed", "Errored", "Aborted"];

/** Promotion: one piece of Freight into one Stage, by the steps copied from the Stage's template. */
export const promotionSchema: ObjectSchema = obj(
  {
    apiVersion: str(),
    kind: str(),
    spec: obj(
      {
        stage: objectName(),
        freight: objectName(),
        origin: freightOrigin(),
        vars: arr(expressionVariable()),
        steps: arr(runnerStep("Promotion step must have uses set and must not reference a task"), { minItems: 1 }),
      },
      { required: ["stage", "steps"], rules: [exactlyOneOf(["freight", "origin"], "exactly one of freight or origin must be set")] },
    ),
    status: obj({
      phase: str({ enum: PROMOTION_PHASES }),
      message: str(),
      currentStep: int({ format: "int64" }),
      startedAt: str({ format: "date-time" }),
      finishedAt: str({ format: "date-time" }),
    }),
  },
  { required: ["spec"] },
);
