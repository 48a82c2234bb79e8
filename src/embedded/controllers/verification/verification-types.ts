/** A Stage's `spec.verification` (Kargo v1.11). */
export interface StageVerification {
  analysisTemplates?: { name: string; kind?: "AnalysisTemplate" | "ClusterAnalysisTemplate" }[];
  analysisRunMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  args?: { name: string; value: string }[];
}

/** One entry of a FreightCollection's `verificationHistory` (Kargo's VerificationInfo). */
export interface VerificationInfo {
  id?: string;
  actor?: string;
  startTime?: string;
  phase?: string;
  message?: string;
  analysisRun?: { name: string; namespace: string; phase: string };
  finishTime?: string;
}

/** Kargo keeps the ten newest verifications of a FreightCollection. */
export const VERIFICATION_HISTORY_LIMIT = 10;
