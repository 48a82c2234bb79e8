import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { compiled } from "../../support/compiled-main.js";
import { killProcessGroup } from "../../support/process-group.js";

const SCRIPT = fileURLToPath(new URL("./control-plane-process.ts", import.meta.url));

/** The embedded control plane in a process of its own (the cluster's API, killable). */
export interface ControlPlaneProcess {
  readonly url: string;
  readonly port: string;
  readonly kubeconfigPath: string;
  readonly caCertificate: string;
  /** SIGKILL its process group and wait for the exit. */
  kill(): Promise<void>;
}

/**
 * Starts the control plane on `dataDir` and `port` ("0": any) and resolves once it serves. The
 * script runs without tsx on the compiled sources (see control-plane-process.ts), dist/ brought up
 * to date first.
 */
export async function spawnControlPlane(dataDir: string, port = "0"): Promise<ControlPlaneProcess> {
  compiled("src/embedded/index.js");
  const child = spawn(process.execPath, [SCRIPT, dataDir, port], { stdio: ["ignore", "pipe", "inherit"], detached: true });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = () => killProcessGroup(child, exited);
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once("line", resolve);
      child.once("exit", (code) => reject(new Error(`the control plane exited with ${code} before serving`)));
    });
    return { ...(JSON.parse(line) as Omit<ControlPlaneProcess, "kill">), kill };
  } catch (e) {
    await kill();
    throw e;
  }
}
