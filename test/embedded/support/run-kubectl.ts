import { spawn } from "node:child_process";

/** What a kubectl run printed and how it ended. */
export interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The kubectl binary the tests drive (Debian's package; CI installs it with apt-get). */
export const KUBECTL = process.env["KUBECTL"] ?? "kubectl";

/**
 * Runs `kubectl --kubeconfig <kubeconfig> <args>` with its discovery cache in `cacheDir`, so runs
 * never touch the developer's ~/.kube, and resolves when it exits (stdin gets `input`).
 */
export function runKubectl(kubeconfig: string, cacheDir: string, args: readonly string[], input?: string): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(KUBECTL, ["--kubeconfig", kubeconfig, "--cache-dir", cacheDir, ...args], {
      env: { ...process.env, HOME: cacheDir, KUBECONFIG: kubeconfig },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
