import { writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import type { BenchScale } from "../bench-options.js";
import type { ScenarioResult } from "../scenario-result.js";

/** Where and when the figures were measured. */
export interface Machine {
  readonly date: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly loadAverage: readonly number[];
}

/** This machine, now. */
export function describeMachine(): Machine {
  const list = cpus();
  return {
    date: new Date().toISOString(),
    cpu: list[0]?.model ?? "unknown",
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

const fmt = (n: number | null) => (n === null ? "—" : String(n));

/** The results as a Markdown table, one row per figure. */
export function resultsTable(results: readonly ScenarioResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.scenario} | ${r.name} | ${fmt(r.value)} | ${fmt(r.floor)} | ${r.ratio === null ? "—" : r.ratio.toFixed(2)} | ${r.unit} | ${r.target} | ${r.met ? "yes" : "**no**"} |`,
  );
  return ["| # | figure | value | floor | ratio | unit | target | met |", "|---|---|---|---|---|---|---|---|", ...rows].join("\n");
}

/**
 * Writes results.json ({machine, scale, results: {name: {value, floor, ratio, unit, target, met, …}}})
 * and RESULTS.md (date, machine, Node version, the table, the details and failures) into `dir`.
 */
export function writeReport(
  dir: string,
  run: { scale: BenchScale; machine: Machine; results: readonly ScenarioResult[]; failures: readonly string[]; seconds: number },
): void {
  const byName: Record<string, Omit<ScenarioResult, "name">> = {};
  for (const { name, ...rest } of run.results) byName[`${rest.scenario}. ${name}`] = rest;
  writeFileSync(
    join(dir, "results.json"),
    `${JSON.stringify({ machine: run.machine, scale: run.scale, seconds: Math.round(run.seconds), results: byName, failures: run.failures }, null, 2)}\n`,
  );
  const m = run.machine;
  const details = run.results.map((r) => `- ${r.scenario}. ${r.name}: ${JSON.stringify(r.detail ?? {})}`);
  const md = [
    "# Benchmark results",
    "",
    `Written by \`npm run bench\` (bench/run.ts). Scale: **${run.scale}**; run took ${Math.round(run.seconds)} s.`,
    "",
    `- date: ${m.date}`,
    `- machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB memory; load average at the end ${m.loadAverage.join(", ")}`,
    `- Node ${m.node}`,
    "",
    "Each floor is measured in the same run (see bench/README.md for what each floor is). Ratios, not raw",
    "figures, are what to compare across machines and runs.",
    "",
    resultsTable(run.results),
    "",
    "## Details",
    "",
    ...details,
    ...(run.failures.length > 0 ? ["", "## Failures", "", ...run.failures.map((f) => `\`\`\`\n${f}\n\`\`\``)] : []),
    "",
  ].join("\n");
  writeFileSync(join(dir, "RESULTS.md"), md);
}
