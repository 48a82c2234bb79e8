/** Verification phases after which nothing runs (Kargo's terminal VerificationPhases). */
export const TERMINAL_VERIFICATION_PHASES: ReadonlySet<string> = new Set(["Successful", "Failed", "Error", "Aborted", "Inconclusive"]);
