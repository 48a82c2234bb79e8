import { execFile, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { runCli } from "../../../src/cli/run-cli.js";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

/** How one CLI run ended. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of a CLI run. */
export interface CliRunOptions {
  /** Extra environment variables (the run gets only PATH, HOME, KARGO_API_CONFIG_DIR and these). */
  readonly env?: Record<string, string>;
  /** Written to stdin, which is then closed. */
  readonly input?: string;
}

/** A kargo-api process that keeps running (watch, serve, SSO login): its output so far, and waits on it. */
export interface RunningCli {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /**
   * Resolves with the first match of `pattern` in stdout (or stderr with `stream`); rejects if the
   * process exits first. No deadline of its own: the test timeout is the only bound.
   */
  waitFor(pattern: RegExp, options?: { stream?: "stdout" | "stderr" }): Promise<RegExpMatchArray>;
  /** Resolves when the process exits. */
  exited(): Promise<CliResult>;
  /** SIGTERM, then the result. */
  stop(): Promise<CliResult>;
}

/**
 * Runs the real CLI (`bin/kargo-api.js`, what `npx kargo-api` runs: the compiled CLI, dist/ built
 * first when the sources changed; half the start-up CPU of src/ under tsx) in child processes with a private
 * config directory (`KARGO_API_CONFIG_DIR`) and an environment holding nothing else of the test's.
 */
export interface Cli {
  readonly configDir: string;
  run(args: readonly string[], options?: CliRunOptions): Promise<CliResult>;
  /**
   * Runs the same command line in this process through runCli (the function main.ts calls), with
   * the same config directory and environment rules: no process start, for the many variations
   * of a command whose process behaviour a spawned run already covers.
   */
  exec(args: readonly string[], options?: CliRunOptions): Promise<CliResult>;
  start(args: readonly string[], options?: CliRunOptions): RunningCli;
  close(): Promise<void>;
}

/** A {@link Cli} with a fresh config directory. */
export async function createCli(): Promise<Cli> {
  // dist/ current before the first run, so no run's stderr carries the launcher's "building" lines.
  await promisify(execFile)(process.execPath, [join(ROOT, "bin/ensure-built.js")], { cwd: ROOT });
  const configDir = await mkdtemp(join(tmpdir(), "kargo-cli-"));
  const start = (args: readonly string[], options: CliRunOptions = {}): RunningCli => {
    const child = spawn(process.execPath, [join(ROOT, "bin/kargo-api.js"), ...args], {
      cwd: ROOT,
      env: { PATH: process.env["PATH"] ?? "", HOME: configDir, KARGO_API_CONFIG_DIR: configDir, ...options.env },
    });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    if (options.input !== undefined) child.stdin.end(options.input);
    const exit = new Promise<CliResult>((resolveExit) => child.on("close", (code) => resolveExit({ code, stdout: out, stderr: err })));
    return {
      child,
      stdout: () => out,
      stderr: () => err,
      async waitFor(pattern, { stream = "stdout" } = {}) {
        for (;;) {
          const match = (stream === "stdout" ? out : err).match(pattern);
          if (match) return match;
          if (child.exitCode !== null) {
            throw new Error(
              `kargo-api ${args.join(" ")}: ${pattern} not seen on ${stream}${child.exitCode !== null ? ` (exited ${child.exitCode})` : ""}\nstdout: ${out}\nstderr: ${err}`,
            );
          }
          await new Promise((r) => setTimeout(r, 25));
        }
      },
      exited: () => exit,
      async stop() {
        if (child.exitCode === null) child.kill("SIGTERM");
        return exit;
      },
    };
  };
  return {
    configDir,
    start,
    run: (args, options) => {
      const running = start(args, options);
      if (options?.input === undefined) running.child.stdin.end();
      return running.exited();
    },
    async exec(args, options = {}) {
      let out = "";
      let err = "";
      const stdout = new PassThrough().setEncoding("utf8").on("data", (d: string) => (out += d));
      const stderr = new PassThrough().setEncoding("utf8").on("data", (d: string) => (err += d));
      const stdin = Readable.from(options.input === undefined ? [] : [Buffer.from(options.input)]);
      const code = await runCli(args, {
        env: { PATH: process.env["PATH"] ?? "", HOME: configDir, KARGO_API_CONFIG_DIR: configDir, ...options.env },
        stdin,
        stdout,
        stderr,
        signal: new AbortController().signal,
      });
      await new Promise((r) => setImmediate(r));
      return { code, stdout: out, stderr: err };
    },
    close: () => rm(configDir, { recursive: true, force: true }),
  };
}

/** A {@link Cli} created before the tests of the block and removed after them. */
export function useCli(): () => Cli {
  let cli: Cli | undefined;
  beforeAll(async () => {
    cli = await createCli();
  });
  afterAll(async () => {
    await cli?.close();
  });
  return () => {
    if (!cli) throw new Error("useCli: read it inside a test");
    return cli;
  };
}
