import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";

/**
 * Lowers this process's file-size limit (RLIMIT_FSIZE, soft and hard) to `margin` bytes beyond
 * the largest of `files`: a later write past that offset fails with EFBIG, which SQLite reports
 * as an I/O error (a real failing COMMIT, for tests). Node ignores SIGXFSZ, so the process lives
 * on. The hard limit cannot be raised again: only for a child process that exits after the test.
 * Returns the limit.
 */
export function limitFileSize(files: readonly string[], margin: number): number {
  const sizes = files.map((file) => {
    try {
      return statSync(file).size;
    } catch {
      return 0;
    }
  });
  const limit = Math.max(...sizes) + margin;
  execFileSync("prlimit", ["--pid", String(process.pid), `--fsize=${limit}:${limit}`]);
  return limit;
}
