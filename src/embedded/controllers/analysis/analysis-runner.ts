import { jsonEqual } from "../../../util/json-equal.js";
import type { ControllerLogger } from "../controller-logger.js";
import type { RolloutsClient } from "../../../kube/object-clients.js";
import { rfc3339 } from "../../../util/rfc3339.js";
import { COMPLETED_PHASES, type AnalysisRun, type AnalysisRunStatus, type Measurement, type MetricResult } from "./analysis-types.js";
import { assessMetric, assessRun, recordMeasurement } from "./assess-analysis.js";
import { measureMetric, unsupportedProvider } from "./measure-metric.js";
import { resolveArgs, resolveMetric, type ResolvedMetric } from "./resolve-metric.js";
import { RETRY_FAILED_PASS_MS, type Wake } from "../wake.js";

/** Argo Rollouts keeps the ten newest measurements of a metric unless `measurementRetention` says otherwise. */
export const DEFAULT_MEASUREMENT_RETENTION = 10;
/** After an Error measurement of a metric without an interval, the next try waits this long (Argo Rollouts' default). */
export const ERROR_RETRY_INTERVAL_MS = 10_000;

/** Options of createAnalysisRunner. */
export interface AnalysisRunnerOptions {
  rollouts: RolloutsClient;
  logger: ControllerLogger;
  /** Asks for a pass when a run's next measurement is due, or to retry a failed pass. */
  wake?: Wake;
}

/** The embedded analysis controller: call `reconcile` on every tick; `stop` interrupts measurements. */
export interface AnalysisRunner {
  reconcile(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs AnalysisRuns as Argo Rollouts' analysis controller does, for the `web` and `prometheus`
 * providers: each reconcile takes, in the background, the measurements that are due (first after
 * `initialDelay`, then every `interval`; an Error is retried after the interval or 10 s) for every
 * unfinished run that is not already being measured, records them, assesses each metric and the
 * run, and writes `status`. `spec.terminate` ends a run (unfinished metrics count as Successful).
 * Any other provider, an unresolvable argument or an invalid metric ends the run Error at once.
 */
export function createAnalysisRunner(options: AnalysisRunnerOptions): AnalysisRunner {
  const { rollouts, logger } = options;
  const inFlight = new Map<string, { controller: AbortController; done: Promise<void> }>();
  let stopped = false;

  return {
    async reconcile() {
      if (stopped) return;
      const runs = await rollouts.list<AnalysisRun>("analysisruns");
      for (const run of runs) {
        if (COMPLETED_PHASES.has(run.status?.phase ?? "")) continue;
        const key = `${run.metadata.namespace}/${run.metadata.name}`;
        if (inFlight.has(key)) continue;
        const controller = new AbortController();
        const done = advance(run, controller.signal)
          .catch((error: unknown) => {
            logger.warn({ err: error, analysisRun: key }, "analysis run pass failed; retrying on the next pass");
            options.wake?.(RETRY_FAILED_PASS_MS);
          })
          .then((wrote) => {
            inFlight.delete(key);
            // The write's own event may have started a pass while this run was still in flight.
            if (wrote) options.wake?.(0);
          });
        inFlight.set(key, { controller, done });
      }
    },
    async stop() {
      stopped = true;
      for (const { controller } of inFlight.values()) controller.abort();
      await Promise.all([...inFlight.values()].map((entry) => entry.done));
    },
  };

  /** Takes the due measurements of a run and records them; true when it wrote the run's status. */
  async function advance(run: AnalysisRun, signal: AbortSignal): Promise<boolean> {
    let wrote = false;
    const namespace = run.metadata.namespace ?? "";
    const name = run.metadata.name ?? "";
    const status: AnalysisRunStatus = structuredClone(run.status ?? {}) as AnalysisRunStatus;
    const startedAt = status.startedAt ?? rfc3339(new Date());
    const write = async (next: AnalysisRunStatus) => {
      // An unchanged status is not written: every write wakes every controller.
      const full = { ...next, startedAt };
      if (jsonEqual(full, run.status ?? {})) return;
      await rollouts.patch("analysisruns", namespace, name, { status: full });
      wrote = true;
    };
    const end = (message: string) => write({ ...status, phase: "Error", message, completedAt: rfc3339(new Date()) } as AnalysisRunStatus);

    let metrics: ResolvedMetric[];
    try {
      const args = await resolveArgs(run.spec?.args ?? [], namespace, rollouts, run as unknown as Record<string, unknown>);
      metrics = (run.spec?.metrics ?? []).map((metric) => {
        const unsupported = unsupportedProvider(metric.provider);
        if (unsupported) throw new Error(`metric "${metric.name}": ${unsupported}`);
        return resolveMetric(metric, args);
      });
    } catch (error) {
      await end(error instanceof Error ? error.message : String(error));
      return wrote;
    }
    if (metrics.length === 0) {
      await end("the AnalysisRun has no metrics");
      return wrote;
    }

    const dryRun = new Set((run.spec.dryRun ?? []).map((entry) => entry.metricName));
    const retention = new Map((run.spec.measurementRetention ?? []).map((entry) => [entry.metricName, entry.limit]));
    const previous = new Map((status.metricResults ?? []).map((result) => [result.name, result]));
    const terminating = run.spec.terminate === true;
    const now = Date.now();

    const results = await Promise.all(
      metrics.map(async (metric): Promise<MetricResult> => {
        const isDry = dryRun.has(metric.name) || dryRun.has("*");
        let result: MetricResult = previous.get(metric.name) ?? { name: metric.name, phase: "Pending", ...(isDry ? { dryRun: true } : {}) };
        if (COMPLETED_PHASES.has(result.phase)) return result;
        if (!terminating && isDue(metric, result, Date.parse(startedAt), now)) {
          const measurement: Measurement = await measureMetric(metric, signal);
          if (signal.aborted) return result;
          const limit = retention.get(metric.name) ?? retention.get("*") ?? DEFAULT_MEASUREMENT_RETENTION;
          result = recordMeasurement(result, measurement, Math.max(1, limit));
        }
        const assessment = assessMetric(metric, result, terminating);
        return { ...result, phase: assessment.phase, ...(assessment.reason ? { message: assessment.reason } : {}) };
      }),
    );
    if (signal.aborted) return wrote;
    const messages = new Map(
      results.filter((result) => result.message).map((result) => [result.name, `Metric "${result.name}" assessed ${result.phase} due to ${result.message}`]),
    );
    const assessed = assessRun(results, messages, terminating);
    const done = COMPLETED_PHASES.has(assessed.phase);
    if (!done && !terminating) {
      const next = Math.min(...results.map((result, i) => (COMPLETED_PHASES.has(result.phase) ? Infinity : dueAt(metrics[i]!, result, Date.parse(startedAt)))));
      if (next !== Infinity) options.wake?.(next - Date.now());
    }
    await write({
      ...status,
      phase: assessed.phase,
      metricResults: results,
      runSummary: assessed.runSummary,
      dryRunSummary: assessed.dryRunSummary,
      ...(assessed.message ? { message: assessed.message } : {}),
      ...(done ? { completedAt: rfc3339(new Date()) } : {}),
    } as AnalysisRunStatus);
    return wrote;
  }
}

/** True when a metric should be measured now: after its initial delay, then every interval (errors retried). */
function isDue(metric: ResolvedMetric, result: MetricResult, startedAtMs: number, now: number): boolean {
  return now >= dueAt(metric, result, startedAtMs);
}

/** When a metric's next measurement is due (epoch ms); Infinity when it takes no more. */
function dueAt(metric: ResolvedMetric, result: MetricResult, startedAtMs: number): number {
  const last = result.measurements?.at(-1);
  if (!last) return startedAtMs + metric.initialDelayMs;
  if (metric.effectiveCount !== undefined && (result.count ?? 0) >= metric.effectiveCount && last.phase !== "Error") return Infinity;
  const wait = last.phase === "Error" ? (metric.intervalMs ?? ERROR_RETRY_INTERVAL_MS) : (metric.intervalMs ?? 0);
  return Date.parse(last.finishedAt ?? last.startedAt ?? "") + wait;
}
