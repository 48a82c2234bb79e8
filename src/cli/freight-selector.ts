import { UsageError } from "./cli-errors.js";

/** `--freight NAME` or `--freight-alias ALIAS`, exactly one, as request fields. */
export function freightSelector(values: Record<string, unknown>): { freight: string; freightAlias: string } {
  const freight = (values["freight"] as string | undefined) ?? "";
  const freightAlias = (values["freight-alias"] as string | undefined) ?? "";
  if ((freight === "") === (freightAlias === "")) throw new UsageError("give exactly one of --freight NAME and --freight-alias ALIAS");
  return { freight, freightAlias };
}

/** The options of {@link freightSelector}. */
export const FREIGHT_OPTIONS = { freight: { type: "string" }, "freight-alias": { type: "string" } } as const;
