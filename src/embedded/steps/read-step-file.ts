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
