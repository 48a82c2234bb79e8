import { execFile } from "node:child_process";

/** Options of runGit. */
export interface RunGitOptions {
  /** Working directory (a checkout, or a bare repository). */
  cwd?: string;
  /** Cancels the command (the git process is killed). */
  signal?: AbortSignal;
  /** Extra environment, e.g. author identity. */
  env?: Record<string, string>;
}

/** A git command failed; `stderr` holds git's own explanation, which the message repeats. */
export class GitError extends Error {
  override name = "GitError";
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
    options?: { cause?: unknown },
  ) {
    super(`git ${args[0] ?? ""} failed: ${stderr.trim().split("\n").slice(-3).join(" ") || "no output"}`, options);
  }
}

// Never ask a terminal for credentials (there is none), never read the user's global config (its
// hooks, signing or credential helpers would make a promotion depend on who started the server).
const BASE_ENV: Record<string, string> = {
  GIT_TERMINAL_PROMPT: "0",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  LC_ALL: "C",
  // An HTTP transfer slower than 1 KB/s for a minute is abandoned rather than hanging forever.
  GIT_HTTP_LOW_SPEED_LIMIT: "1000",
  GIT_HTTP_LOW_SPEED_TIME: "60",
};

/** Runs `git <args>` and resolves with its standard output; rejects with a GitError. */
export function runGit(args: readonly string[], options: RunGitOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      [...args],
      {
        cwd: options.cwd,
        signal: options.signal,
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: process.env.HOME ?? "/tmp",
          // ssh remotes authenticate with the user's keys or agent until repository credentials are wired.
          ...(process.env.SSH_AUTH_SOCK ? { SSH_AUTH_SOCK: process.env.SSH_AUTH_SOCK } : {}),
          // An operator's (or the test suite's) limit on the transports promotions and discovery may
          // use, e.g. "file" to keep every git remote on this machine.
          ...(process.env.GIT_ALLOW_PROTOCOL ? { GIT_ALLOW_PROTOCOL: process.env.GIT_ALLOW_PROTOCOL } : {}),
          ...BASE_ENV,
          ...options.env,
        },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) reject(new GitError(args, String(stderr) || error.message, { cause: error }));
        else resolve(String(stdout));
      },
    );
  });
}

/** Author and committer identity as git's environment variables. */
export function gitIdentityEnv(name: string, email: string): Record<string, string> {
  return { GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email };
}

/** The identity of commits the embedded engine makes when a step names no author. */
export const DEFAULT_GIT_IDENTITY = Object.freeze({ name: "Kargo", email: "no-reply@kargo.local" });
