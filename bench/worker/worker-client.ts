import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { WorkerReply } from "./worker-protocol.js";

/** A forked server process (bench/worker/worker-main.ts) and its IPC calls. */
export interface Worker {
  call<T = unknown>(op: string, args?: unknown): Promise<T>;
  readonly pid: number;
  /** Closes what the worker runs and waits for it to exit. */
  close(): Promise<void>;
}

/**
 * Forks a worker with the same Node binary (`process.execPath`), `--expose-gc` for memory
 * samples, and tsx when running from sources. `BENCH_CPU_PROF=<dir>` adds `--cpu-prof` to
 * workers started with `profile: true` (the Kargo server), for the profiles of missed targets.
 */
export async function startWorker(options: { profile?: boolean; name?: string } = {}): Promise<Worker> {
  const fromSources = import.meta.url.endsWith(".ts");
  const file = fileURLToPath(new URL(`./worker-main${fromSources ? ".ts" : ".js"}`, import.meta.url));
  const profileDir = process.env["BENCH_CPU_PROF"];
  const execArgv = [
    ...(fromSources ? ["--import", "tsx"] : []),
    "--expose-gc",
    ...(options.profile && profileDir
      ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${options.name ?? "kargo"}-${Date.now()}.cpuprofile`]
      : []),
  ];
  const child: ChildProcess = fork(file, [], { execPath: process.execPath, execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
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
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await call("close").catch(() => {});
      await exit;
      clearTimeout(timer);
    },
  };
}
