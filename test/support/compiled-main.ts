import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Whether this test file has brought dist/ up to date already. */
let checked = false;

/**
 * The compiled server, `dist/src/main.js`, as the image and `npm start` run it. dist/ is brought up
 * to date first by bin/ensure-built.js (tsc only when the sources changed, one build at a time), so
 * the test files of a run share one build, and each start loads compiled JavaScript: about half
 * the CPU of loading src/ through tsx.
 */
export function compiledMain(): string {
  return compiled("src/main.js");
}

/** The compiled form of a source, `path` relative to dist/ (e.g. "bench/run-bench.js"), dist/ brought up to date first. */
export function compiled(path: string): string {
  // Once per test file: the check walks the sources and costs a Node start.
  if (!checked) execFileSync(process.execPath, [`${ROOT}bin/ensure-built.js`], { cwd: ROOT, stdio: "inherit" });
  checked = true;
  return `${ROOT}dist/${path}`;
}
