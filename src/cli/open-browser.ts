import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * Opens `url` in the user's browser with xdg-open (Linux), open (macOS) or start (Windows) when that
 * program is on PATH; false when none is found or it failed to start (the caller prints the URL).
 */
export function openBrowser(url: string, env: NodeJS.ProcessEnv): boolean {
  const program = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer.exe" : "xdg-open";
  const found = (env["PATH"] ?? "").split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (!found) return false;
  try {
    const child = spawn(program, [url], { detached: true, stdio: "ignore" });
    child.on("error", () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}
