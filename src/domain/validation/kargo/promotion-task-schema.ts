import { arr, obj, str, type ObjectSchema } from "../schema.js";
import { expressionVariable, runnerStep } from "./common.js";

/** PromotionTask and ClusterPromotionTask: a reusable list of steps with its own variables. */
export const promotionTaskSchema: ObjectSchema = obj(
  {
    apiVersion: str(),
    kind: str(),
    spec: obj(
      {
        vars: arr(expressionVariable()),
        steps: arr(runnerStep("PromotionTask step must have uses set and must not reference another task"), { minItems: 1 }),
      },
      { required: ["steps"] },
    ),
  },
  { required: ["spec"] },
);
