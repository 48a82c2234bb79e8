/** Status of one step in `status.stepExecutionMetadata[]` (Kargo's StepExecutionStatus). */
export type StepStatus = "Running" | "Succeeded" | "Failed" | "Errored" | "Aborted" | "Skipped";

/** One `status.stepExecutionMetadata[]` entry. */
export interface StepExecutionMetadata {
  alias: string;
  startedAt?: string;
  finishedAt?: string;
  errorCount?: number;
  status?: StepStatus;
  message?: string;
  continueOnError?: boolean;
}

/** Terminal phases of a Promotion. */
export type TerminalPhase = "Succeeded" | "Failed" | "Errored" | "Aborted";
