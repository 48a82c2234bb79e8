import { ConnectError, Code } from "@connectrpc/connect";
import type { ResourceResult } from "../../gen/kargo/api/v1/resource_service_pb.js";
import type { CliContext } from "./cli-context.js";
import { formatValue } from "./format-messages.js";

/**
 * Prints one line per object of an apply/delete (`<kind>/<name> created` …; errors on stderr as
 * `error: <code>: <kind>/<name>: <message>`), or the results as JSON/YAML. Throws a ConnectError
 * (exit 1) naming how many objects failed, when any did.
 */
export function printResourceResults(context: CliContext, results: readonly ResourceResult[]): void {
  const what = (r: ResourceResult) => `${r.kind.toLowerCase()}/${r.name}${r.namespace ? ` (${r.namespace})` : ""}`;
  const failed = results.filter((r) => r.result.case === "error");
  if (context.output !== "table") {
    context.io.stdout.write(
      formatValue(
        results.map((r) => ({
          kind: r.kind,
          namespace: r.namespace,
          name: r.name,
          result: r.result.case,
          error: r.result.case === "error" ? r.result.value : undefined,
        })),
        context.output,
      ),
    );
  } else {
    for (const r of results) {
      if (r.result.case === "error") context.io.stderr.write(`error: ${r.result.value.code}: ${what(r)}: ${r.result.value.message}\n`);
      else context.print(`${what(r)} ${r.result.case === "createdResource" ? "created" : r.result.case === "updatedResource" ? "updated" : "deleted"}`);
    }
  }
  if (failed.length > 0) {
    // The line names the code the objects failed with: the most frequent one (ties: the first seen),
    // and every code with its count when they differ — never a bare "unknown".
    const counts = new Map<string, number>();
    for (const r of failed) {
      const name = (r.result.value as { code: string }).code;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    const [top] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    const detail = counts.size > 1 ? ` (${[...counts].map(([c, n]) => `${n} ${c}`).join(", ")})` : "";
    throw new ConnectError(`${failed.length} of ${results.length} objects failed${detail}`, codeOf({ code: top }));
  }
}

function codeOf(error: { code: string }): Code {
  const name = error.code.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()).replace(/^./, (c) => c.toUpperCase());
  return (Code as unknown as Record<string, Code>)[name] ?? Code.Unknown;
}
