import { spawn } from "node:child_process";
import { signalProcessGroup } from "./process-group.js";

/** A program started by {@link runProgram}. */
export interface RunningProgram {
  /** What it printed on stdout so far. */
  stdout(): string;
  /** Resolves once stdout contains `text`; rejects if the program exits first. */
  printed(text: string): Promise<void>;
  /** Its exit code once it has exited. */
  readonly exited: Promise<number | null>;
  /** Kills its process group if it still runs (call in `finally`). */
  kill(): void;
}

/**
 * Starts `command` in a process group of its own and collects its output, for tests that run an
 * example program against a live server, act once it reports being ready, and wait for its exit.
 */
export function runProgram(command: string, args: string[], options: { cwd: string; env: Record<string, string> }): RunningProgram {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  return {
    stdout: () => out,
    printed: (text) =>
      new Promise<void>((resolve, reject) => {
        const check = () => (out.includes(text) ? resolve() : undefined);
        child.stdout.on("data", check);
        void exited.then(() => reject(new Error(`${command} exited before printing ${JSON.stringify(text)}: ${out}${err}`)));
        check();
      }),
    exited,
    kill() {
      if (child.exitCode === null && child.signalCode === null) signalProcessGroup(child);
    },
  };
}
