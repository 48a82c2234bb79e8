import type { KubeObject } from "../../../domain/types.js";

/** The phases of an AnalysisRun, of a metric's result and of a measurement (Argo Rollouts' AnalysisPhase). */
export type AnalysisPhase = "Pending" | "Running" | "Successful" | "Failed" | "Error" | "Inconclusive";

/** An argument of an AnalysisTemplate or AnalysisRun: a value, a Secret key, or nothing yet (required). */
export interface AnalysisArgument {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name?: string; key?: string }; fieldRef?: { fieldPath?: string } };
}

/** The providers this controller runs; any other provider key ends the run Error. */
export interface MetricProvider {
  web?: {
    url?: string;
    method?: string;
    headers?: { key?: string; value?: string }[];
    body?: string;
    jsonBody?: unknown;
    jsonPath?: string;
    timeoutSeconds?: number;
    insecure?: boolean;
  };
  prometheus?: { address?: string; query?: string; timeout?: number };
  [other: string]: unknown;
}

/** One metric of an AnalysisTemplate / AnalysisRun spec. Numbers may be strings holding `{{args.x}}`. */
export interface Metric {
  name: string;
  interval?: string;
  initialDelay?: string;
  count?: number | string;
  successCondition?: string;
  failureCondition?: string;
  failureLimit?: number | string;
  inconclusiveLimit?: number | string;
  consecutiveErrorLimit?: number | string;
  provider?: MetricProvider;
}

/** The spec shared by AnalysisTemplate, ClusterAnalysisTemplate and AnalysisRun. */
export interface AnalysisSpec {
  args?: AnalysisArgument[];
  metrics?: Metric[];
  dryRun?: { metricName: string }[];
  measurementRetention?: { metricName: string; limit: number }[];
  /** AnalysisRun only: stop taking measurements and finish. */
  terminate?: boolean;
}

/** One measurement, as Argo Rollouts records it. */
export interface Measurement {
  phase: AnalysisPhase;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  value?: string;
  metadata?: Record<string, string>;
}

/** The result of one metric so far. */
export interface MetricResult {
  name: string;
  phase: AnalysisPhase;
  measurements?: Measurement[];
  message?: string;
  count?: number;
  successful?: number;
  failed?: number;
  inconclusive?: number;
  error?: number;
  consecutiveError?: number;
  dryRun?: boolean;
}

/** Counts of metrics by phase (`runSummary`, `dryRunSummary`). */
export interface RunSummary {
  count?: number;
  successful?: number;
  failed?: number;
  inconclusive?: number;
  error?: number;
}

/** An AnalysisRun's status. */
export interface AnalysisRunStatus {
  phase?: AnalysisPhase;
  message?: string;
  metricResults?: MetricResult[];
  startedAt?: string;
  /** When the run reached a completed phase. */
  completedAt?: string;
  runSummary?: RunSummary;
  dryRunSummary?: RunSummary;
}

/** An AnalysisRun (argoproj.io/v1alpha1). */
export interface AnalysisRun extends KubeObject {
  spec: AnalysisSpec;
  status?: AnalysisRunStatus;
}

/** An AnalysisTemplate or ClusterAnalysisTemplate. */
export interface AnalysisTemplate extends KubeObject {
  spec: AnalysisSpec;
}

/** Phases after which an AnalysisRun takes no more measurements. */
export const COMPLETED_PHASES: ReadonlySet<string> = new Set(["Successful", "Failed", "Error", "Inconclusive"]);
