import { fileURLToPath } from "node:url";
import { startGroup, type GroupProcess } from "../../support/process-group.js";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

/**
 * Runs the built CLI (`bin/kargo-api.js`) on a pseudo-terminal — script(1) from util-linux gives it
 * one, so isTTY, colour and prompts behave as for a person — in its own process group. Type into it
 * with `child.stdin.write`; what it shows is its stdout.
 */
export function onTerminal(args: readonly string[], env: Record<string, string>): GroupProcess {
  const quoted = ["node", "bin/kargo-api.js", ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
  return startGroup("script", ["-qfec", quoted, "/dev/null"], { cwd: ROOT, env: { PATH: process.env["PATH"] ?? "", TERM: "xterm", ...env } });
}
