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

/** RFC 3339 with second precision, as Kubernetes serializes metav1.Time. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/u, "Z");
}
