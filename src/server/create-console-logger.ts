import PinoPretty from "pino-pretty";
import type { LevelWithSilent, Logger } from "pino";
import type { LogFormat } from "../config/config.js";
import { createLogger } from "./create-logger.js";

/** Whether LOG_FORMAT asks for readable lines on this stdout (`auto`: when it is a terminal). */
export function prettyLogs(format: LogFormat, stdout: { isTTY?: boolean }): boolean {
  return format === "pretty" || (format === "auto" && stdout.isTTY === true);
}

/**
 * The server's logger on the console: JSON lines on stdout, or — when {@link prettyLogs} — pino's
 * usual readable, coloured lines (pino-pretty, the maintained formatter of pino's own format, run in
 * process and synchronously so a line is out before the process exits). Colour follows the terminal
 * and NO_COLOR. The same redaction applies either way: pretty-printing happens after it.
 */
export function createConsoleLogger(level: LevelWithSilent, format: LogFormat, stdout: NodeJS.WriteStream, env: NodeJS.ProcessEnv): Logger {
  if (!prettyLogs(format, stdout)) return createLogger(level);
  const colorize = stdout.isTTY === true && !env["NO_COLOR"];
  return createLogger(level, PinoPretty({ colorize, sync: true, destination: 1, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname,service" }));
}
