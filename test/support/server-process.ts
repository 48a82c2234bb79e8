import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { killProcessGroup } from "./process-group.js";

const root = new URL("../../", import.meta.url).pathname;

/** The API server as a process of its own (`src/main.ts`, as `node dist/src/main.js` in the image), started. */
export interface SpawnedServerProcess {
  /** Resolves with the base URL once the server logs it; rejects if it exits first, or if an informer is refused before it serves. */
  readonly serving: Promise<string>;
  /** Every log line so far (JSON records). */
  readonly lines: readonly Record<string, unknown>[];
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** Resolves with its exit code once it has exited. */
  readonly exited: Promise<number | null>;
  /**
   * Aborted when a call can no longer finish: an informer the Kubernetes API refuses retries
   * forever ("informer retrying"), or the process exited. Its reason says which.
   */
  readonly stuck: AbortSignal;
  /** Sends `signal` to the server process alone (a SIGTERM whose shutdown the test watches). */
  kill(signal: NodeJS.Signals): void;
  /** Kills its process group and waits for the exit (in `finally`/afterAll: nothing outlives the test). */
  stop(): Promise<void>;
}

/** A server process that serves. */
export interface ServerProcess extends SpawnedServerProcess {
  readonly baseUrl: string;
}

/** How to start it. */
export interface ServerProcessOptions {
  /** Command-line arguments after the entry. */
  readonly args?: readonly string[];
  /** Run it with a pod's in-cluster configuration (needs {@link canMountPrivately}). */
  readonly inCluster?: InClusterLayout | undefined;
  /** The mode it must serve in (its "kargo api serving" line's `mode`); `serving` rejects on another. */
  readonly mode?: string;
}

/** Where a pod has its ServiceAccount's token, CA and namespace (client-node's loadFromCluster reads it). */
const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/** The in-cluster configuration of a pod: the API's address and the ServiceAccount directory. */
export interface InClusterLayout {
  readonly host: string;
  readonly port: string;
  /** Holds `token`, `ca.crt` and `namespace`, mounted at SERVICE_ACCOUNT_DIR for the server only. */
  readonly serviceAccountDir: string;
}

/**
 * Whether this machine lets a test give one process a private mount namespace (root, or
 * CAP_SYS_ADMIN): then the server runs with the in-cluster layout; otherwise a kubeconfig.
 */
export function canMountPrivately(): boolean {
  try {
    execFileSync("unshare", ["-m", "--propagation", "private", "sh", "-c", "mount -t tmpfs tmpfs /run"], { stdio: "ignore", timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * The settings every deployed-server test starts the server with: its identity's environment
 * (`installServerIdentity`), an ephemeral loopback port, `dir` as its data directory, info logs
 * and a short shutdown. A test adds its own (admin account, caches …) after these.
 */
export function serverProcessEnv(identityEnv: Record<string, string>, dir: string): Record<string, string> {
  return { ...identityEnv, PORT: "0", BIND_ADDRESS: "127.0.0.1", KARGO_DATA_DIR: dir, LOG_LEVEL: "info", GRACEFUL_SHUTDOWN_TIMEOUT: "2s" };
}

/**
 * Starts the server (`entry`: test/support/compiled-main.ts) with exactly `env` (plus PATH and
 * HOME) in its own process group, and returns at once: for a test of how it exits before serving.
 */
export function spawnServerProcess(entry: string, env: Record<string, string>, options: ServerProcessOptions = {}): SpawnedServerProcess {
  const { inCluster, args = [], mode } = options;
  const [command, commandArgs] = inCluster
    ? [
        "unshare",
        // A private mount namespace: a tmpfs over /run (so nothing is created on the machine's
        // /run) with the ServiceAccount directory mounted where every pod has it.
        [
          "-m",
          "--propagation",
          "private",
          "sh",
          "-c",
          `mount -t tmpfs tmpfs /run && mkdir -p ${SERVICE_ACCOUNT_DIR} && mount --bind "$1" ${SERVICE_ACCOUNT_DIR} && shift && exec "$@"`,
          "sh",
          inCluster.serviceAccountDir,
          process.execPath,
          entry,
          ...args,
        ],
      ]
    : [process.execPath, [entry, ...args]];
  const child: ChildProcess = spawn(command, commandArgs, {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: env.KARGO_DATA_DIR ?? "/tmp",
      ...(inCluster ? { KUBERNETES_SERVICE_HOST: inCluster.host, KUBERNETES_SERVICE_PORT: inCluster.port } : {}),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const lines: Record<string, unknown>[] = [];
  const stuck = new AbortController();
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = () => killProcessGroup(child, exited);
  void exited.then((code) => stuck.abort(new Error(`the server exited with ${code}: ${stderr.trim().split("\n").at(-1) ?? ""}`)));
  const serving = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      lines.push(record);
      if (record.msg === "informer retrying") {
        const err = record.err as { message?: string } | undefined;
        stuck.abort(new Error(`the ${String(record.type)} informer is refused: ${err?.message ?? "?"}`));
      }
      if (typeof record.url === "string" && typeof record.mode === "string") {
        if (mode !== undefined && record.mode !== mode) reject(new Error(`the server serves in ${record.mode} mode, not ${mode}`));
        resolve(record.url.replace(/\/$/, ""));
      }
    });
    void exited.then((code) => reject(new Error(`the server exited with ${code} before serving: ${JSON.stringify(lines.slice(-3))} ${stderr.slice(-500)}`)));
    // Start-up waits for the caches authentication follows: an informer the API refuses never
    // lets it serve.
    stuck.signal.addEventListener("abort", () => reject(new Error(`the server cannot start: ${String((stuck.signal.reason as Error | undefined)?.message)}`)), {
      once: true,
    });
  });
  serving.catch(() => {}); // a test of an early exit never waits for it
  return {
    serving,
    lines,
    stderr: () => stderr,
    exited,
    stuck: stuck.signal,
    kill: (signal) => void child.kill(signal),
    stop,
  };
}

/**
 * Starts the server as {@link spawnServerProcess} does and resolves once it logs its URL; rejects,
 * naming the last log lines, if it exits first, or if an informer is refused before it serves
 * (and then kills its process group: nothing outlives the test).
 */
export async function startServerProcess(entry: string, env: Record<string, string>, options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const server = spawnServerProcess(entry, env, options);
  try {
    return { ...server, baseUrl: await server.serving };
  } catch (e) {
    await server.stop();
    throw e;
  }
}
