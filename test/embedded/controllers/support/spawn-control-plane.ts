import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { compiled } from "../../../support/compiled-main.js";
import { killProcessGroup } from "../../../support/process-group.js";

const SCRIPT = fileURLToPath(new URL("./control-plane-process.ts", import.meta.url));

/** A control plane running in a child process. */
export interface ChildControlPlane {
  httpUrl: string;
  token: string;
  child: ChildProcess;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
}

/** Every child spawned and not yet exited: also those a test timed out before it got hold of them. */
const running = new Map<ChildProcess, Promise<void>>();

/**
 * Spawns the embedded control plane (controllers on) in a child process on `dataDir`, in its own
 * process group so that a kill also ends what it started (git, hooks). `script` runs another
 * control-plane process that prints the same JSON line. Scripts run without tsx on the compiled
 * sources (see control-plane-process.ts), dist/ brought up to date first.
 */
export async function spawnControlPlane(dataDir: string, script: string = SCRIPT): Promise<ChildControlPlane> {
  compiled("src/embedded/index.js");
  const child = spawn(process.execPath, [script, dataDir], { stdio: ["ignore", "pipe", "inherit"], detached: true });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve())).finally(() => running.delete(child));
  running.set(child, exited);
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`control plane process exited with ${code} before serving`)));
  });
  const { httpUrl, token } = JSON.parse(line) as { httpUrl: string; token: string };
  return {
    httpUrl,
    token,
    child,
    kill: () => killProcessGroup(child, exited),
  };
}

/** Kills every control plane spawned and still running (afterAll: a timed-out test may leave one). */
export async function killSpawnedControlPlanes(): Promise<void> {
  await Promise.all([...running].map(([child, exited]) => killProcessGroup(child, exited)));
}

/**
 * A fresh data directory for the control planes of the enclosing block (per test with `perTest`),
 * removed after it, once every control plane spawned meanwhile is killed (also one a timed-out test
 * never got hold of). Read the directory inside a test.
 */
export function useControlPlaneDataDir(prefix: string, options: { perTest?: boolean } = {}): () => string {
  let dir: string | undefined;
  const [before, after] = options.perTest ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  after(async () => {
    await killSpawnedControlPlanes();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (dir === undefined) throw new Error("useControlPlaneDataDir: read the directory inside a test");
    return dir;
  };
}
