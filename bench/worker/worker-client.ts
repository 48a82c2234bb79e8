import { fork, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SERVER_ENVIRONMENT, SERVER_NODE_FLAGS } from "../../src/config/node-flags.js";
import type { WorkerReply } from "./worker-protocol.js";

/** A forked server process (bench/worker/worker-main.ts) and its IPC calls. */
export interface Worker {
  call<T = unknown>(op: string, args?: unknown): Promise<T>;
  readonly pid: number;
  /** Closes what the worker runs and waits for it to exit. */
  close(): Promise<void>;
}

/** How long a worker may take to close (and exit) before it is killed. */
const CLOSE_TIMEOUT_MS = 15_000;
/** The same when it also writes a CPU profile (serialising one of a large start-up takes a while). */
const CLOSE_TIMEOUT_PROFILING_MS = 300_000;

/**
 * Forks a worker with the same Node binary (`process.execPath`), the server's production Node
 * flags (src/config/node-flags.ts: the Kargo server, the floor and the store measurements alike),
 * `--expose-gc` for memory samples, and tsx when running from sources. `BENCH_CPU_PROF=<dir>` makes workers started with
 * `profile: true` (the Kargo server) record a CPU profile from their start (bench/worker/cpu-profile.ts),
 * written to `<dir>/<name>-<time>.cpuprofile` by the `writeProfile` call or at the latest by `close`.
 */
export async function startWorker(options: { profile?: boolean; name?: string } = {}): Promise<Worker> {
  const fromSources = import.meta.url.endsWith(".ts");
  const file = fileURLToPath(new URL(`./worker-main${fromSources ? ".ts" : ".js"}`, import.meta.url));
  const profileDir = (options.profile && process.env["BENCH_CPU_PROF"]) || undefined;
  const execArgv = [...SERVER_NODE_FLAGS, ...(fromSources ? ["--import", "tsx"] : []), "--expose-gc"];
  const profiling = profileDir !== undefined;
  if (profiling) mkdirSync(profileDir, { recursive: true });
  // Every server process (Kargo's and the floor's) runs with production's environment.
  const env = {
    ...process.env,
    ...SERVER_ENVIRONMENT,
    ...(profiling ? { BENCH_WORKER_CPU_PROF: join(profileDir, `${options.name ?? "kargo"}-${Date.now()}.cpuprofile`) } : {}),
  };
  const child: ChildProcess = fork(file, [], { execPath: process.execPath, execArgv, env, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));
  void exit.then(() => {
    for (const { reject } of pending.values()) reject(new Error(`bench worker ${child.pid} exited`));
    pending.clear();
  });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`bench worker exited with ${code} before it was ready`)));
  });
  child.on("message", (reply: WorkerReply) => {
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.ok) waiter.resolve(reply.value);
    else waiter.reject(new Error(`bench worker: ${reply.error}`));
  });
  const call = <T>(op: string, args?: unknown): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (exited) return reject(new Error("bench worker has exited"));
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, op, args });
    });
  return {
    call,
    pid: child.pid!,
    async close() {
      if (exited) return;
      const timer = setTimeout(() => child.kill("SIGKILL"), profiling ? CLOSE_TIMEOUT_PROFILING_MS : CLOSE_TIMEOUT_MS);
      await call("close").catch(() => {});
      await exit;
      clearTimeout(timer);
    },
  };
}
