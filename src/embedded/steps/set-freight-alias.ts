import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/**
 * `set-freight-alias`: gives the Freight `name` (its ID, not an alias) the alias `alias`; the
 * admission keeps aliases unique in the project, so a taken alias fails the step.
 */
export const setFreightAlias: StepRunner = async (raw, context) => {
  const config = new StepConfig("set-freight-alias", raw);
  const name = config.string("name");
  const alias = config.string("alias");
  if (!context.objects) config.fail("cannot write Kargo objects here");
  let found: boolean;
  try {
    found = await context.objects!.setFreightAlias(name, alias);
  } catch (error) {
    const body = (error as { body?: unknown }).body;
    const message =
      typeof body === "string"
        ? ((JSON.parse(body) as { message?: string }).message ?? body)
        : ((body as { message?: string } | undefined)?.message ?? (error as Error).message);
    if ((error as { code?: number }).code === 409 || (error as { code?: number }).code === 422) config.fail(`cannot set alias "${alias}": ${message}`);
    throw error;
  }
  if (!found) config.fail(`Freight "${name}" not found in project "${context.project}"`);
  return { output: { alias } };
};
