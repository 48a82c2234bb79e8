import { Code, ConnectError } from "@connectrpc/connect";

/** Exit codes of kargo-api (docs/cli.md "Exit codes"). */
export const EXIT = Object.freeze({
  /** Success. */
  ok: 0,
  /** The server answered with an error (any Connect code). */
  server: 1,
  /** The command line is wrong: unknown command or option, missing argument. */
  usage: 2,
  /** A local failure: not logged in (or the login expired), unreadable file, SSO flow failed, credentials store. */
  local: 3,
});

/** A wrong command line; exits with EXIT.usage. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A failure on this side of the wire; `code` is a short snake_case word shown in the error line. */
export class LocalError extends Error {
  override name = "LocalError";
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** snake_case name of a Connect code, as in the Connect protocol ("not_found"). */
export function codeName(code: Code): string {
  return Code[code].replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
}

/** The one error line (`error: <code>: <message>`) and exit code for `error`. */
export function describeError(error: unknown): { line: string; exitCode: number } {
  if (error instanceof UsageError) return { line: `error: usage: ${error.message} (see kargo-api --help)`, exitCode: EXIT.usage };
  if (error instanceof LocalError) return { line: `error: ${error.code}: ${oneLine(error.message)}`, exitCode: EXIT.local };
  const connect = ConnectError.from(error);
  return { line: `error: ${codeName(connect.code)}: ${oneLine(connect.rawMessage || Code[connect.code])}`, exitCode: EXIT.server };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
