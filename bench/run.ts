// `npm run bench`: every scenario of issue 9 against the Kargo API in embedded mode and a bare
// connect-node floor, each in its own process; prints each figure with its ratio to the floor and
// writes bench/results.json and bench/RESULTS.md. BENCH_SCALE=tiny|small|full (default full),
// BENCH_SCENARIOS=1,3 (default all), BENCH_CPU_PROF=<dir> to profile the server processes.
import { fileURLToPath } from "node:url";
import { benchOptionsFromEnv } from "./bench-options.js";
import { describeMachine, resultsTable, writeReport } from "./report/write-report.js";
import { runBench } from "./run-bench.js";

// `npm run bench` runs tsc's output (dist/bench/run.js), the code production runs: from sources, tsx's
// keepNames gives every closure a name property, ~4 KiB more per watch stream and extra CPU
// (bench/README.md, "Watch fan-out"). The results go to the source tree's bench/ either way.
const outDir = fileURLToPath(new URL(import.meta.url.endsWith(".ts") ? "." : "../../bench/", import.meta.url));
const options = benchOptionsFromEnv(process.env, outDir, (line) => process.stdout.write(`${line}\n`));
const machine = describeMachine();
options.log(
  `kargo-api bench: scale ${options.scale}, scenarios ${[...options.scenarios].join(",")}; ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadAverage.join(" ")}`,
);
const t0 = performance.now();
const { results, failures } = await runBench(options);
const seconds = (performance.now() - t0) / 1000;
writeReport(outDir, { scale: options.scale, machine: { ...describeMachine(), date: machine.date }, results, failures, seconds });
options.log(`\n${resultsTable(results)}\n`);
for (const failure of failures) options.log(`FAILED ${failure}`);
options.log(`wrote ${outDir}results.json and ${outDir}RESULTS.md`);
process.exit(failures.length > 0 ? 1 : 0);
