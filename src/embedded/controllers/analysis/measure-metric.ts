import type { Measurement, MetricProvider } from "./analysis-types.js";
import { measurementPhase } from "./measurement-phase.js";
import { measurePrometheus } from "./prometheus-provider.js";
import { measureWeb } from "./web-provider.js";
import type { ResolvedMetric } from "./resolve-metric.js";
import { rfc3339 } from "../../../util/rfc3339.js";

/** The providers the embedded analysis controller runs. */
export const SUPPORTED_PROVIDERS = ["web", "prometheus"] as const;

/**
 * Why a metric's provider cannot run here, or undefined when it can. The `job` provider needs pods
 * (there are none in the embedded control plane); the others need systems this controller has no
 * client for.
 */
export function unsupportedProvider(provider: MetricProvider | undefined): string | undefined {
  const keys = Object.keys(provider ?? {}).filter((key) => (provider as Record<string, unknown>)[key] !== undefined);
  if (keys.length === 0) return "it has no provider";
  if (keys.length > 1) return `it has more than one provider (${keys.join(", ")})`;
  const [key] = keys;
  if ((SUPPORTED_PROVIDERS as readonly string[]).includes(key!)) return undefined;
  if (key === "job") return "the job provider needs pods, which the embedded control plane does not run; use the web or prometheus provider";
  return `the ${key} provider is not supported by the embedded analysis controller; use the web or prometheus provider`;
}

/**
 * Takes one measurement of a metric and judges it: Successful, Failed or Inconclusive from its
 * conditions, or Error (with the error as message) when the provider or a condition fails.
 */
export async function measureMetric(metric: ResolvedMetric, signal: AbortSignal): Promise<Measurement> {
  const startedAt = rfc3339(new Date());
  try {
    const measured = metric.provider?.web ? await measureWeb(metric.provider.web, signal) : await measurePrometheus(metric.provider!.prometheus!, signal);
    const phase = measurementPhase(metric, measured.result);
    return { phase, startedAt, finishedAt: rfc3339(new Date()), value: measured.value };
  } catch (error) {
    const message = error instanceof Error ? (error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message) : String(error);
    return { phase: "Error", message, startedAt, finishedAt: rfc3339(new Date()) };
  }
}
