import { UsageError } from "./cli-errors.js";

/** How results are printed. */
export type OutputFormat = "table" | "json" | "yaml";

/** The --output value, validated. */
export function outputFormatOf(value: string | undefined): OutputFormat {
  const format = value ?? "table";
  if (format !== "table" && format !== "json" && format !== "yaml") throw new UsageError(`--output must be table, json or yaml, got "${format}"`);
  return format;
}
