import { createLogger } from "../../src/server/create-logger.js";
import type { Logger } from "pino";

/** A real pino logger (the server's, redaction included) writing into memory, for tests that read log lines. */
export interface CapturedLogs {
  readonly logger: Logger;
  /** Every line written so far, raw. */
  readonly lines: string[];
  /** Every line written so far, parsed. */
  records(): Record<string, unknown>[];
}

/** Creates a logger at `level` (default debug) whose output the test can read. */
export function captureLogs(level: "trace" | "debug" | "info" = "debug"): CapturedLogs {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void lines.push(line) });
  return { logger, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}
