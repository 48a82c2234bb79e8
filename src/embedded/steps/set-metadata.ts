import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/**
 * `set-metadata`: merges each `updates[].values` map into `status.metadata` of the Stage or
 * Freight (`kind`) named `name` in the promotion's project; a missing object fails the step.
 */
export const setMetadata: StepRunner = async (raw, context) => {
  const config = new StepConfig("set-metadata", raw);
  const updates = config.list("updates", true).map((update) => {
    const kind = update.string("kind");
    if (kind !== "Stage" && kind !== "Freight") update.fail(`kind "${kind}" must be Stage or Freight`);
    const name = update.string("name");
    const values = update.raw["values"];
    if (values === null || typeof values !== "object" || Array.isArray(values) || Object.keys(values).length === 0)
      update.fail("values must be a non-empty map");
    return { kind: kind as "Stage" | "Freight", name, values: values as Record<string, unknown>, update };
  });
  if (!context.objects) config.fail("cannot write Kargo objects here");
  for (const { kind, name, values, update } of updates) {
    if (!(await context.objects!.setMetadata(kind, name, values))) update.fail(`${kind} "${name}" not found in project "${context.project}"`);
  }
  return {};
};
