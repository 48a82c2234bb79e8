import { UsageError } from "./cli-errors.js";

/** The string value of option `name`; a usage error when it is missing or empty. */
export function requireOption(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || value === "") throw new UsageError(`this command needs --${name}`);
  return value;
}
