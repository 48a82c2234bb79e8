import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BuildConfig } from "../config/config.js";
import type { VersionInfo } from "./version-info.js";

/**
 * Works out the version information once, at start: the version from
 * package.json; the git commit and dirtiness from the build settings
 * (KARGO_API_GIT_COMMIT, set by packagers) or else from `git` in the
 * checkout, if there is one; the build time from KARGO_API_BUILD_TIME, else
 * the time the running build output was written (dist/), else the start
 * time (running from source). Never fails: unknown parts stay empty.
 */
export function resolveVersionInfo(build: BuildConfig, now = new Date()): VersionInfo {
  const root = packageRoot();
  const version = root ? String(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version ?? "") : "";
  const gitCommit = build.gitCommit ?? (root ? git(root, ["rev-parse", "HEAD"]) : "");
  const gitTreeDirty = build.gitTreeDirty ?? (root && gitCommit !== "" ? git(root, ["status", "--porcelain", "--untracked-files=no"]) !== "" : false);
  return {
    version,
    gitCommit,
    gitTreeDirty,
    buildTime: build.buildTime ?? builtAt() ?? now,
    nodeVersion: process.version,
    platform: `${process.platform}/${process.arch}`,
  };
}

const here = dirname(fileURLToPath(import.meta.url));

function packageRoot(): string | undefined {
  for (let dir = here; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) {
      return dir;
    }
    if (dirname(dir) === dir) {
      return undefined;
    }
  }
}

function builtAt(): Date | undefined {
  // Only compiled output has a meaningful write time; a source file's is when someone last edited it.
  return fileURLToPath(import.meta.url).endsWith(".js") ? statSync(fileURLToPath(import.meta.url)).mtime : undefined;
}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", timeout: 2000, stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return ""; // no git, or not a checkout: the commit is unknown
  }
}
