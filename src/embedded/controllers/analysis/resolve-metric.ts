import { parseGoDuration } from "../../../domain/parse-go-duration.js";
import type { AnalysisArgument, Metric } from "./analysis-types.js";
import type { RolloutsClient } from "../../../kube/object-clients.js";
import { fieldPathValue } from "./field-path-value.js";

/** Argo Rollouts' default `consecutiveErrorLimit`. */
export const DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;

/** A metric with its `{{args.x}}` placeholders replaced and its numbers and durations parsed. */
export interface ResolvedMetric extends Metric {
  /** Measurements to take; undefined = until stopped (an interval without a count). */
  effectiveCount: number | undefined;
  failureLimitValue: number;
  inconclusiveLimitValue: number;
  consecutiveErrorLimitValue: number;
  intervalMs: number | undefined;
  initialDelayMs: number;
}

const PLACEHOLDER = /\{\{\s*args\.([A-Za-z0-9_.-]+)\s*\}\}/g;

/**
 * Values of a run's arguments: `value`, a key of a Secret in the run's namespace
 * (`valueFrom.secretKeyRef`), or a field of the AnalysisRun itself (`valueFrom.fieldRef.fieldPath`,
 * read as Argo Rollouts reads one of its Rollout: see fieldPathValue) — for Kargo's runs its
 * labels (`kargo.akuity.io/stage`, the Stage's `analysisRunMetadata`), annotations (the
 * Promotion) and name. An argument with none of them, or a missing Secret, key or field, throws
 * a message naming it (the run ends Error, as in Argo Rollouts).
 */
export async function resolveArgs(
  args: readonly AnalysisArgument[],
  namespace: string,
  client: Pick<RolloutsClient, "getSecretData">,
  run: Record<string, unknown> = {},
): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  for (const arg of args) {
    if (arg.value !== undefined) {
      values.set(arg.name, arg.value);
      continue;
    }
    const ref = arg.valueFrom?.secretKeyRef;
    if (ref?.name && ref.key) {
      const data = await client.getSecretData(namespace, ref.name);
      const encoded = data?.[ref.key];
      if (encoded === undefined) throw new Error(`args.${arg.name}: key "${ref.key}" of Secret "${ref.name}" in namespace "${namespace}" not found`);
      values.set(arg.name, Buffer.from(encoded, "base64").toString("utf8"));
      continue;
    }
    const fieldPath = arg.valueFrom?.fieldRef?.fieldPath;
    if (fieldPath) {
      try {
        values.set(arg.name, fieldPathValue(run, fieldPath));
      } catch (error) {
        throw new Error(`args.${arg.name}: valueFrom.fieldRef: ${(error as Error).message}`);
      }
      continue;
    }
    throw new Error(`args.${arg.name} was not resolved`);
  }
  return values;
}

/** Replaces every `{{args.name}}` in the strings of a JSON value; an unknown name throws. */
export function substituteArgs<T>(value: T, args: ReadonlyMap<string, string>): T {
  if (typeof value === "string") {
    return value.replace(PLACEHOLDER, (_, name: string) => {
      const found = args.get(name);
      if (found === undefined) throw new Error(`failed to resolve {{args.${name}}}`);
      return found;
    }) as T;
  }
  if (Array.isArray(value)) return value.map((item) => substituteArgs(item, args)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substituteArgs(item, args)])) as T;
  }
  return value;
}

/** The metric with arguments substituted and its limits, count and durations checked. */
export function resolveMetric(metric: Metric, args: ReadonlyMap<string, string>): ResolvedMetric {
  const resolved = substituteArgs(metric, args);
  const integer = (field: keyof Metric, fallback: number | undefined): number | undefined => {
    const raw = resolved[field];
    if (raw === undefined || raw === "") return fallback;
    const number = typeof raw === "number" ? raw : Number(raw);
    if (!Number.isInteger(number)) throw new Error(`metric "${metric.name}": ${field} ${JSON.stringify(raw)} is not an integer`);
    return number;
  };
  const duration = (field: "interval" | "initialDelay"): number | undefined => {
    const raw = resolved[field];
    if (raw === undefined || raw === "") return undefined;
    const ms = parseGoDuration(raw);
    if (ms === undefined || ms < 0) throw new Error(`metric "${metric.name}": ${field} ${JSON.stringify(raw)} is not a duration`);
    return ms;
  };
  const intervalMs = duration("interval");
  const count = integer("count", undefined);
  if (count !== undefined && count > 1 && intervalMs === undefined) throw new Error(`metric "${metric.name}": interval must be specified when count > 1`);
  return {
    ...resolved,
    // No count: one measurement, or — with an interval — measurements until the run stops.
    effectiveCount: count ?? (intervalMs === undefined ? 1 : undefined),
    failureLimitValue: integer("failureLimit", 0)!,
    inconclusiveLimitValue: integer("inconclusiveLimit", 0)!,
    consecutiveErrorLimitValue: integer("consecutiveErrorLimit", DEFAULT_CONSECUTIVE_ERROR_LIMIT)!,
    intervalMs,
    initialDelayMs: duration("initialDelay") ?? 0,
  };
}
