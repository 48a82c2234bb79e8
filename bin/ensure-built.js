// Builds dist/ with tsc when the sources changed since the last build, else does nothing (a few ms).
// Plain JavaScript: it runs before anything is compiled. Used by `npm start` (bin/start.js) and the
// kargo-api launcher (bin/kargo-api.js), so a warm start skips the 8–20 s tsc run, a cold one says
// that it builds, and the served process is this very node process (no npm or shell in between).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
/** What tsconfig.build.json compiles, and the configuration that shapes the output. */
const INPUTS = ["src", "gen", "bench", "tsconfig.json", "tsconfig.build.json", "package.json"];
/** Written after a successful build, with the build's start time as its mtime. */
export const STAMP = join(ROOT, "dist", ".build-stamp");

/**
 * The newest modification time (ms) among the inputs: files and directories, so an added, removed
 * or renamed file counts too.
 */
function newestInput() {
  let newest = 0;
  const visit = (path) => {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      return;
    }
    newest = Math.max(newest, stats.mtimeMs);
    if (stats.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
  };
  for (const input of INPUTS) visit(join(ROOT, input));
  return newest;
}

/** Whether dist/ is older than the sources (or missing). False for a copy without sources. */
export function needsBuild() {
  if (!existsSync(join(ROOT, "src"))) return false;
  let built;
  try {
    built = statSync(STAMP).mtimeMs;
  } catch {
    return true;
  }
  return newestInput() > built;
}

/**
 * Runs `tsc -p tsconfig.build.json` when needed, saying so on stderr; exits the process with tsc's
 * status when the build fails (the errors are on stderr already).
 */
export function ensureBuilt({ force = false } = {}) {
  if (!force && !needsBuild()) return;
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  if (!existsSync(tsc)) {
    process.stderr.write("kargo-api: cannot build: typescript is not installed (run npm install)\n");
    process.exit(3);
  }
  process.stderr.write(`kargo-api: building (tsc -p tsconfig.build.json)${force ? "" : ": the sources changed since the last build"} …\n`);
  const startedAt = new Date();
  const result = spawnSync(process.execPath, [tsc, "-p", join(ROOT, "tsconfig.build.json")], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) {
    process.stderr.write(`kargo-api: build failed (tsc exit ${result.status ?? result.signal})\n`);
    process.exit(3);
  }
  // The stamp carries the start time: a source saved during the build is newer and triggers the next one.
  writeFileSync(STAMP, `${startedAt.toISOString()}\n`);
  utimesSync(STAMP, startedAt, startedAt);
  process.stderr.write(`kargo-api: built in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1)} s\n`);
}

// `npm run build`: always build (and stamp, so the next start knows dist/ is current).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureBuilt({ force: process.argv.includes("--force") });
