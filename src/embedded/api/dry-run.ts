import { badRequest } from "./api-error.js";

/**
 * Reads the `dryRun` query parameter (and DeleteOptions' dryRun list): "All" means validate and
 * answer without persisting; any other value is rejected as Kubernetes does.
 */
export function isDryRun(values: readonly string[]): boolean {
  for (const value of values) {
    if (value !== "All") throw badRequest(`unsupported dry run value ${JSON.stringify(value)}: only "All" is supported`);
  }
  return values.length > 0;
}
