import { spawn, type ChildProcess } from "node:child_process";

/** A command started in its own process group, with its output collected. */
export interface GroupProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** The first match of `pattern` in the output (stdout, or stderr with `stream`); throws if the process exits first. */
  waitFor(pattern: RegExp, stream?: "stdout" | "stderr"): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or signal) when the process has exited. */
  exited(): Promise<number | NodeJS.Signals | null>;
  /** Kills the whole process group (SIGKILL unless told), whatever is left of it. */
  killGroup(signal?: NodeJS.Signals): void;
}

/**
 * Starts `command` (argv) in a new process group (`detached`), so a test can signal one process of
 * it and still stop everything it started afterwards (`killGroup`, in a finally/afterAll).
 */
export function startGroup(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; input?: string }): GroupProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
  if (options.input !== undefined) child.stdin!.end(options.input);
  const exit = new Promise<number | NodeJS.Signals | null>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal)));
  let ended = false;
  void exit.then(() => (ended = true));
  return {
    child,
    pid: child.pid!,
    stdout: () => out,
    stderr: () => err,
    async waitFor(pattern, stream = "stdout") {
      for (;;) {
        const match = (stream === "stdout" ? out : err).match(pattern);
        if (match) return match;
        if (ended) throw new Error(`${command} ${args.join(" ")}: ${pattern} not seen on ${stream} before it exited\nstdout: ${out}\nstderr: ${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    exited: () => exit,
    killGroup: (signal = "SIGKILL") => signalProcessGroup(child, signal),
  };
}

/** Sends `signal` to the process group `child` leads (spawned `detached`), whatever is left of it. */
export function signalProcessGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // The group is gone already.
  }
}

/**
 * SIGKILLs the process group `child` leads if `child` still runs, and waits for `exited` (its
 * exit): in `finally`/afterAll, so that nothing a test started outlives it.
 */
export async function killProcessGroup(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) signalProcessGroup(child);
  await exited;
}

/** Whether a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pids of the direct children of `pid` (from /proc). */
export async function childrenOf(pid: number): Promise<number[]> {
  const { readFile } = await import("node:fs/promises");
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => "");
  return text
    .split(/\s+/)
    .filter((s) => s !== "")
    .map(Number);
}
