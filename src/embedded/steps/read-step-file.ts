import { readFile } from "node:fs/promises";
import type { StepConfig } from "./step-config.js";

/** Largest file a parse or update step reads. */
export const STEP_FILE_LIMIT = 16 * 1024 * 1024;

/** Reads a step's input file as text; a missing or oversized file fails the step naming it. */
export async function readStepFile(config: StepConfig, absolute: string, relativePath: string): Promise<string> {
  const buffer = await readFile(absolute).catch((error: NodeJS.ErrnoException) =>
    error.code === "ENOENT" ? config.fail(`file "${relativePath}" does not exist`) : Promise.reject(error),
  );
  if (buffer.length > STEP_FILE_LIMIT) config.fail(`file "${relativePath}" is larger than ${STEP_FILE_LIMIT} bytes`);
  return buffer.toString("utf8");
}

/**
 * Reads a step's input file and parses it; a text that does not parse fails the step naming the
 * file, the `format` and the parser's reason (`reasonOf`: all of its message unless told).
 */
export async function readParsedStepFile<T>(
  config: StepConfig,
  absolute: string,
  relativePath: string,
  format: string,
  parse: (text: string) => T,
  reasonOf: (error: Error) => string = (error) => error.message,
): Promise<T> {
  const text = await readStepFile(config, absolute, relativePath);
  try {
    return parse(text);
  } catch (error) {
    return config.fail(`file "${relativePath}" is not valid ${format}: ${reasonOf(error as Error)}`);
  }
}
