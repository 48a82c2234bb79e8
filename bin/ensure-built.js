// Builds dist/ with tsc (then bundles client-node's part: bin/bundle-client-node.js) when the
// sources changed since the last build, else does nothing (a few ms).
// Plain JavaScript: it runs before anything is compiled. Used by `npm start` (bin/start.js) and the
// kargo-api launcher (bin/kargo-api.js), so a warm start skips the 8–20 s tsc run, a cold one says
// that it builds, and the served process is this very node process (no npm or shell in between).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
/** What tsconfig.build.json compiles, and the configuration that shapes the output. */
const INPUTS = ["src", "gen", "bench", "tsconfig.json", "tsconfig.build.json", "package.json", "bin/bundle-client-node.js"];
/** The source whose compiled form bin/bundle-client-node.js bundles in place (absent in a project without it). */
const CLIENT_NODE_SOURCE = join(ROOT, "src", "kube", "client-node.ts");
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
 * Runs `tsc -p tsconfig.build.json` when needed (or always with `force`), saying so on stderr; exits
 * the process with status 3 when the build fails (tsc's errors are on stderr already).
 */
export function ensureBuilt({ force = false } = {}) {
  if (!force && !needsBuild()) return;
  // One build at a time (two launchers starting together): the other waits, then finds dist/ current.
  const lock = join(ROOT, "dist", ".build-lock");
  mkdirSync(join(ROOT, "dist"), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 10 minutes belongs to a build that died.
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 600_000) rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  let failed = false;
  try {
    if (force || needsBuild()) failed = !build(force);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  if (failed) process.exit(3);
}

/** Runs tsc, bundles client-node's part, and writes the stamp; false (said on stderr) when it could not build. */
function build(force) {
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  if (!existsSync(tsc)) {
    process.stderr.write("kargo-api: cannot build: typescript is not installed (run npm install)\n");
    return false;
  }
  process.stderr.write(`kargo-api: building (tsc -p tsconfig.build.json)${force ? "" : ": the sources changed since the last build"} …\n`);
  const startedAt = new Date();
  const result = spawnSync(process.execPath, [tsc, "-p", join(ROOT, "tsconfig.build.json")], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) {
    process.stderr.write(`kargo-api: build failed (tsc exit ${result.status ?? result.signal})\n`);
    return false;
  }
  // Without the stamp a failed bundle is tried again by the next start; meanwhile tsc's output of
  // the module (the package root's import) still runs.
  if (existsSync(CLIENT_NODE_SOURCE)) {
    const bundled = spawnSync(process.execPath, [join(ROOT, "bin", "bundle-client-node.js")], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
    if (bundled.status !== 0) {
      process.stderr.write(`kargo-api: build failed (bundling @kubernetes/client-node: exit ${bundled.status ?? bundled.signal})\n`);
      return false;
    }
  }
  // The stamp carries the start time: a source saved during the build is newer and triggers the next one.
  writeFileSync(STAMP, `${startedAt.toISOString()}\n`);
  utimesSync(STAMP, startedAt, startedAt);
  process.stderr.write(`kargo-api: built in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1)} s\n`);
  return true;
}

// `npm run build`: always build (and stamp, so the next start knows dist/ is current).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureBuilt({ force: process.argv.includes("--force") });
