import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

const SCRIPT = fileURLToPath(new URL("./control-plane-process.ts", import.meta.url));

/** A control plane running in a child process. */
export interface ChildControlPlane {
  httpUrl: string;
  token: string;
  child: ChildProcess;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
}

/** Spawns the embedded control plane (controllers on) in a child process on `dataDir`. */
export async function spawnControlPlane(dataDir: string): Promise<ChildControlPlane> {
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, dataDir], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
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
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
  };
}
